// A lingering close, for answers sent before the request body was read (a 413 while the
// client is still uploading). Closing a socket that still holds unread input makes the
// kernel send a reset, and a reset makes the client's kernel drop the answer it had
// already received: the client sees "connection reset" instead of the 413. So, as nginx
// does, the write side is closed once the answer is out, what the client still sends is
// read and discarded, and the socket is destroyed when the client stops or after a bound.
import type { Socket } from 'node:net';

const LINGER_MS = 2_000;

export function lingerOnClose(socket: Socket): void {
  // Node's HTTP server calls destroySoon() on a `Connection: close` answer once it is sent.
  socket.destroySoon = function lingeringClose(this: Socket) {
    this.end();
    const timer = setTimeout(() => this.destroy(), LINGER_MS);
    timer.unref();
    this.once('end', () => this.destroy());
    this.once('close', () => clearTimeout(timer));
    this.resume();
  };
}
