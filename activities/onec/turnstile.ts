/**
 * At most `limit` OData requests of this worker at a time, the waiting ones served by turn (lowest first,
 * see activities/turns.ts). A 1C server has few sessions to give; and in a burst, the earliest requests'
 * 1C steps go first instead of every request progressing a little at a time.
 */
interface Waiting {
  turn: number;
  enter: () => void;
}

export class Turnstile {
  private active = 0;
  private readonly queue: Waiting[] = [];

  constructor(readonly limit: number) {}

  async run<T>(turn: number, work: () => Promise<T>): Promise<T> {
    await this.enter(turn);
    try {
      return await work();
    } finally {
      this.active -= 1;
      this.queue.shift()?.enter();
    }
  }

  get waiting(): number {
    return this.queue.length;
  }

  private enter(turn: number): Promise<void> {
    if (this.active < this.limit && this.queue.length === 0) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const waiting: Waiting = {
        turn,
        enter: () => {
          this.active += 1;
          resolve();
        },
      };
      const at = this.queue.findIndex((w) => w.turn > turn);
      if (at < 0) this.queue.push(waiting);
      else this.queue.splice(at, 0, waiting);
    });
  }
}
