/**
 * Recursive-descent parser with precedence climbing over 1C's operator table. Recursion depth is bounded so
 * hostile input (thousands of parentheses) ends in code 14 instead of a stack overflow.
 */
import { isBinaryOp, PRECEDENCE, type Node } from './ast';
import { parseError } from './errors';
import { tokenize, type Punct, type Token } from './lexer';

const MAX_DEPTH = 100;

export class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly option = '$filter',
  ) {}

  static of(text: string, option = '$filter'): Parser {
    return new Parser(tokenize(text, option), option);
  }

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] as Token;
  }

  next(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index += 1;
    return token;
  }

  fail(): Error {
    return parseError(this.option);
  }

  isPunct(text: Punct, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'punct' && t.text === text;
  }

  expectPunct(text: Punct): void {
    if (!this.isPunct(text)) throw this.fail();
    this.next();
  }

  expectIdent(): string {
    const t = this.next();
    if (t.kind !== 'ident') throw this.fail();
    return t.text;
  }

  atEnd(): boolean {
    return this.peek().kind === 'eof';
  }

  /** Whole input must be one expression. */
  parseAll(): Node {
    const node = this.expression();
    if (!this.atEnd()) throw this.fail();
    return node;
  }

  expression(minPrecedence = 0): Node {
    this.enter();
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'ident' || !isBinaryOp(t.text)) break;
      const precedence = PRECEDENCE[t.text];
      if (precedence < minPrecedence) break;
      this.next();
      const right = this.expression(precedence + 1);
      left = { kind: 'binary', op: t.text, left, right };
    }
    this.leave();
    return left;
  }

  private enter(): void {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) throw this.fail();
  }

  private leave(): void {
    this.depth -= 1;
  }

  private unary(): Node {
    this.enter();
    let node: Node;
    const t = this.peek();
    if (t.kind === 'punct' && t.text === '-') {
      this.next();
      const operand = this.unary();
      node =
        operand.kind === 'literal' && operand.literal.type === 'number'
          ? { kind: 'literal', literal: { ...operand.literal, value: -operand.literal.value } }
          : { kind: 'unary', op: 'neg', operand };
    } else if (t.kind === 'ident' && t.text === 'not') {
      this.next();
      node = { kind: 'unary', op: 'not', operand: this.unary() };
    } else {
      node = this.postfix(this.primary());
    }
    this.leave();
    return node;
  }

  private primary(): Node {
    const t = this.next();
    switch (t.kind) {
      case 'string':
        return { kind: 'literal', literal: { type: 'string', value: t.value } };
      case 'guid':
        return { kind: 'literal', literal: { type: 'guid', value: t.value } };
      case 'datetime':
        return { kind: 'literal', literal: { type: 'date', value: t.value } };
      case 'number':
        return { kind: 'literal', literal: { type: 'number', value: t.value, integer: t.integer } };
      case 'punct':
        if (t.text !== '(') throw this.fail();
        {
          const inner = this.expression();
          this.expectPunct(')');
          return inner;
        }
      case 'ident':
        return this.identifier(t.text);
      default:
        throw this.fail();
    }
  }

  private identifier(word: string): Node {
    if (word === 'true' || word === 'false') {
      return { kind: 'literal', literal: { type: 'bool', value: word === 'true' } };
    }
    if (word === 'null') return { kind: 'literal', literal: { type: 'null' } };
    if (isBinaryOp(word) || word === 'not') throw this.fail();
    if (this.isPunct('(')) return { kind: 'call', name: word, args: this.callArguments() };
    return { kind: 'path', segments: [word] };
  }

  private callArguments(): Node[] {
    this.expectPunct('(');
    const args: Node[] = [];
    if (this.isPunct(')')) {
      this.next();
      return args;
    }
    for (;;) {
      args.push(this.expression());
      if (this.isPunct(',')) {
        this.next();
        continue;
      }
      this.expectPunct(')');
      return args;
    }
  }

  /** `/Segment` chains and `/any(…)` / `/all(…)` lambdas after a primary expression. */
  private postfix(start: Node): Node {
    let node = start;
    while (this.isPunct('/')) {
      this.next();
      const name = this.expectIdent();
      if ((name === 'any' || name === 'all') && this.isPunct('(')) {
        node = this.lambda(name, node);
        continue;
      }
      if (node.kind === 'path') node = { kind: 'path', segments: [...node.segments, name] };
      else if (node.kind === 'member') node = { ...node, segments: [...node.segments, name] };
      else node = { kind: 'member', target: node, segments: [name] };
    }
    return node;
  }

  private lambda(fn: 'any' | 'all', collection: Node): Node {
    this.expectPunct('(');
    if (this.isPunct(')')) {
      this.next();
      return { kind: 'lambda', fn, collection };
    }
    const variable = this.expectIdent();
    this.expectPunct(':');
    const body = this.expression();
    this.expectPunct(')');
    return { kind: 'lambda', fn, collection, variable, body };
  }
}

export function parseExpression(text: string, option = '$filter'): Node {
  return Parser.of(text, option).parseAll();
}
