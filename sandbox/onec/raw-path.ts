/**
 * Raw UTF-8 request paths (§1.1: the server must accept `Catalog_Контрагенты` unescaped as well as
 * percent-encoded). Node's HTTP parser rejects bytes ≥ 0x80 in the request line with 400, so connections
 * go through this thin stream that percent-encodes such bytes in request lines only; headers and bodies
 * pass untouched (bodies are skipped by `Content-Length`; a chunked request disables the rewriting).
 */
import type { Server } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { Duplex } from 'node:stream';

class RequestLineFixer {
  private state: 'line' | 'headers' | 'body' | 'passthrough' = 'line';
  private head = '';
  private bodyLeft = 0;

  transform(chunk: Buffer): Buffer {
    const out: Buffer[] = [];
    let i = 0;
    while (i < chunk.length) {
      if (this.state === 'passthrough') {
        out.push(chunk.subarray(i));
        break;
      }
      if (this.state === 'body') {
        const n = Math.min(this.bodyLeft, chunk.length - i);
        out.push(chunk.subarray(i, i + n));
        i += n;
        this.bodyLeft -= n;
        if (this.bodyLeft === 0) this.state = 'line';
        continue;
      }
      const byte = chunk[i] ?? 0;
      i += 1;
      if (this.state === 'line') {
        out.push(byte >= 0x80 ? Buffer.from(`%${byte.toString(16).toUpperCase()}`) : Buffer.of(byte));
        if (byte === 0x0a) this.state = 'headers';
        continue;
      }
      out.push(Buffer.of(byte));
      this.head += String.fromCharCode(byte);
      if (this.head.endsWith('\r\n\r\n') || this.head === '\r\n') this.endOfHead();
    }
    return Buffer.concat(out);
  }

  private endOfHead(): void {
    const headers = this.head.toLowerCase();
    this.head = '';
    if (/\ntransfer-encoding:[^\n]*chunked/.test(`\n${headers}`)) {
      this.state = 'passthrough';
      return;
    }
    const m = /(?:^|\n)content-length:\s*(\d+)/.exec(headers);
    this.bodyLeft = m ? Number(m[1]) : 0;
    this.state = this.bodyLeft > 0 ? 'body' : 'line';
  }
}

function wrap(socket: Socket): Duplex {
  const fixer = new RequestLineFixer();
  const duplex = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _enc, cb) {
      socket.write(chunk, cb);
    },
    final(cb) {
      socket.end();
      cb();
    },
    destroy(err, cb) {
      socket.destroy(err ?? undefined);
      cb(err);
    },
  });
  socket.on('data', (d: Buffer) => {
    if (!duplex.push(fixer.transform(d))) socket.pause();
  });
  socket.on('end', () => duplex.push(null));
  socket.on('close', () => duplex.destroy());
  socket.on('error', (e) => duplex.destroy(e));
  Object.assign(duplex, {
    remoteAddress: socket.remoteAddress,
    remotePort: socket.remotePort,
    localAddress: socket.localAddress,
    localPort: socket.localPort,
    setTimeout: (ms: number, cb?: () => void) => {
      socket.setTimeout(ms, cb);
      return duplex;
    },
    setNoDelay: (v?: boolean) => socket.setNoDelay(v),
    setKeepAlive: (e?: boolean, d?: number) => socket.setKeepAlive(e, d),
  });
  return duplex;
}

/**
 * A TCP listener that feeds `httpServer` through the request-line fixer. `noDelay` as Node's own HTTP
 * server sets it: otherwise Nagle holds each small answer on a kept-alive connection until the client's
 * delayed ACK (~40 ms a request).
 */
export function rawPathFront(httpServer: Server): NetServer {
  return createNetServer({ noDelay: true }, (socket) => httpServer.emit('connection', wrap(socket)));
}
