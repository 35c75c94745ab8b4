/**
 * Free ports for processes the harnesses start (the Temporal server and its services, the demo, the
 * receivers, the chaos and bench stacks). They are picked below the OS's ephemeral range (Linux:
 * 32768–60999): a port the OS picked for us (`listen(0)`) and released is the kind it also hands to
 * outgoing connections, so another process may hold it by the time the child binds it. Below that range
 * only a listener can take it. (The Temporal server also needs its membership ports below 32768: they
 * are stored in a smallint column.)
 */
import { once } from 'node:events';
import { createServer } from 'node:net';

const FROM = 20_000;
const TO = 32_000;

/** A port in [20000, 32000) nothing listens on now. */
export async function freePort(): Promise<number> {
  for (;;) {
    const wanted = FROM + Math.floor(Math.random() * (TO - FROM));
    const server = createServer();
    server.listen(wanted, '127.0.0.1');
    const outcome = await Promise.race([
      once(server, 'listening').then(() => 'listening' as const),
      once(server, 'error').then(() => 'taken' as const),
    ]);
    if (outcome === 'taken') continue;
    server.close();
    await once(server, 'close');
    return wanted;
  }
}
