// Dependency-free readiness probe for a MongoDB wire-protocol server (FerretDB here).
// Sends OP_MSG {hello: 1, $db: "admin"} and exits 0 when the reply has ok: 1.
// Usage: node scripts/services/mongo-ping.mjs <port> [timeoutMs]
import net from 'node:net';

const port = Number(process.argv[2]);
const deadline = Date.now() + Number(process.argv[3] ?? 30000);

function bsonDoc(fields) {
  const parts = [];
  for (const [k, v] of fields) {
    const key = Buffer.concat([Buffer.from(k, 'utf8'), Buffer.from([0])]);
    if (typeof v === 'number') {
      const b = Buffer.alloc(4);
      b.writeInt32LE(v);
      parts.push(Buffer.from([0x10]), key, b);
    } else {
      const s = Buffer.from(v + '\0', 'utf8');
      const len = Buffer.alloc(4);
      len.writeInt32LE(s.length);
      parts.push(Buffer.from([0x02]), key, len, s);
    }
  }
  const body = Buffer.concat(parts);
  const size = Buffer.alloc(4);
  size.writeInt32LE(body.length + 5);
  return Buffer.concat([size, body, Buffer.from([0])]);
}

// Reads the top-level numeric "ok" field of a BSON document.
function readOk(doc) {
  let i = 4;
  while (i < doc.length - 1) {
    const type = doc[i++];
    const end = doc.indexOf(0, i);
    const name = doc.toString('utf8', i, end);
    i = end + 1;
    const fixed = { 0x01: 8, 0x07: 12, 0x08: 1, 0x09: 8, 0x0a: 0, 0x10: 4, 0x11: 8, 0x12: 8, 0x13: 16 };
    if (name === 'ok') {
      if (type === 0x01) return doc.readDoubleLE(i);
      if (type === 0x10) return doc.readInt32LE(i);
      if (type === 0x12) return Number(doc.readBigInt64LE(i));
      if (type === 0x08) return doc[i];
    }
    if (type in fixed) i += fixed[type];
    else if (type === 0x02 || type === 0x0d || type === 0x0e) i += 4 + doc.readInt32LE(i);
    else if (type === 0x03 || type === 0x04) i += doc.readInt32LE(i);
    else if (type === 0x05) i += 5 + doc.readInt32LE(i);
    else return undefined;
  }
  return undefined;
}

function attempt() {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => sock.destroy(new Error('timeout')), 3000);
    let buf = Buffer.alloc(0);
    sock.on('connect', () => {
      const doc = bsonDoc([['hello', 1], ['$db', 'admin']]);
      const header = Buffer.alloc(16);
      const flags = Buffer.alloc(4);
      header.writeInt32LE(16 + 4 + 1 + doc.length, 0);
      header.writeInt32LE(1, 4); // requestID
      header.writeInt32LE(0, 8); // responseTo
      header.writeInt32LE(2013, 12); // OP_MSG
      sock.write(Buffer.concat([header, flags, Buffer.from([0]), doc]));
    });
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 4 && buf.length >= buf.readInt32LE(0)) {
        clearTimeout(timer);
        sock.destroy();
        // header(16) + flags(4) + section kind(1) + document
        const ok = readOk(buf.subarray(21));
        ok === 1 ? resolve() : reject(new Error(`hello replied ok=${ok}`));
      }
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

let last;
while (Date.now() < deadline) {
  try {
    await attempt();
    console.log(`mongo ready on 127.0.0.1:${port}`);
    process.exit(0);
  } catch (e) {
    last = e;
    await new Promise((r) => setTimeout(r, 200));
  }
}
console.error(`mongo not ready on 127.0.0.1:${port}: ${last?.message ?? last}`);
process.exit(1);
