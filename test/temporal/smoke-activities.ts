import { Context } from '@temporalio/activity';

export async function greet(name: string): Promise<string> {
  return `Привет, ${name}! (attempt ${Context.current().info.attempt})`;
}
