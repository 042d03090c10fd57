/**
 * A small decoder of OTLP's `ExportTraceServiceRequest` protobuf into the shape of its JSON form
 * (hex ids, nanosecond strings), so the test receiver can take both encodings as Langfuse does.
 * Only the fields Langfuse reads are decoded; others are skipped by wire type.
 */

type Json = Record<string, unknown>;

class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}
  get done(): boolean {
    return this.pos >= this.buf.length;
  }
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error("protobuf: truncated varint");
      const byte = this.buf[this.pos++] as number;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  }
  bytes(): Uint8Array {
    const len = Number(this.varint());
    if (this.pos + len > this.buf.length) throw new Error("protobuf: truncated field");
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  fixed64(): bigint {
    if (this.pos + 8 > this.buf.length) throw new Error("protobuf: truncated fixed64");
    const view = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8);
    this.pos += 8;
    return view.getBigUint64(0, true);
  }
  double(): number {
    const view = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8);
    this.pos += 8;
    return view.getFloat64(0, true);
  }
  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.bytes();
    else if (wireType === 5) this.pos += 4;
    else throw new Error(`protobuf: unsupported wire type ${wireType}`);
  }
  /** Calls `field` for each field of the message; `field` returns false to have it skipped. */
  each(field: (no: number, wireType: number) => boolean): void {
    while (!this.done) {
      const tag = Number(this.varint());
      const no = tag >>> 3;
      const wireType = tag & 7;
      if (!field(no, wireType)) this.skip(wireType);
    }
  }
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

function anyValue(buf: Uint8Array): Json {
  const r = new Reader(buf);
  let out: Json = {};
  r.each((no, wt) => {
    if (no === 1 && wt === 2) out = { stringValue: text(r.bytes()) };
    else if (no === 2 && wt === 0) out = { boolValue: r.varint() !== 0n };
    else if (no === 3 && wt === 0) out = { intValue: BigInt.asIntN(64, r.varint()).toString() };
    else if (no === 4 && wt === 1) out = { doubleValue: r.double() };
    else if (no === 5 && wt === 2) {
      const values: Json[] = [];
      const arr = new Reader(r.bytes());
      arr.each((n, w) => {
        if (n !== 1 || w !== 2) return false;
        values.push(anyValue(arr.bytes()));
        return true;
      });
      out = { arrayValue: { values } };
    } else return false;
    return true;
  });
  return out;
}

function keyValue(buf: Uint8Array): Json {
  const r = new Reader(buf);
  const out: Json = { key: "", value: {} };
  r.each((no, wt) => {
    if (no === 1 && wt === 2) out.key = text(r.bytes());
    else if (no === 2 && wt === 2) out.value = anyValue(r.bytes());
    else return false;
    return true;
  });
  return out;
}

function span(buf: Uint8Array): Json {
  const r = new Reader(buf);
  const out: Json = { attributes: [] as Json[] };
  r.each((no, wt) => {
    if (no === 1 && wt === 2) out.traceId = hex(r.bytes());
    else if (no === 2 && wt === 2) out.spanId = hex(r.bytes());
    else if (no === 4 && wt === 2) {
      const parent = r.bytes();
      if (parent.length > 0) out.parentSpanId = hex(parent);
    } else if (no === 5 && wt === 2) out.name = text(r.bytes());
    else if (no === 6 && wt === 0) out.kind = Number(r.varint());
    else if (no === 7 && wt === 1) out.startTimeUnixNano = r.fixed64().toString();
    else if (no === 8 && wt === 1) out.endTimeUnixNano = r.fixed64().toString();
    else if (no === 9 && wt === 2) (out.attributes as Json[]).push(keyValue(r.bytes()));
    else if (no === 15 && wt === 2) {
      const status: Json = {};
      const s = new Reader(r.bytes());
      s.each((n, w) => {
        if (n === 2 && w === 2) status.message = text(s.bytes());
        else if (n === 3 && w === 0) status.code = Number(s.varint());
        else return false;
        return true;
      });
      out.status = status;
    } else return false;
    return true;
  });
  return out;
}

function scopeSpans(buf: Uint8Array): Json {
  const r = new Reader(buf);
  const out: Json = { scope: {}, spans: [] as Json[] };
  r.each((no, wt) => {
    if (no === 1 && wt === 2) {
      const scope: Json = {};
      const s = new Reader(r.bytes());
      s.each((n, w) => {
        if (n === 1 && w === 2) scope.name = text(s.bytes());
        else if (n === 2 && w === 2) scope.version = text(s.bytes());
        else return false;
        return true;
      });
      out.scope = scope;
    } else if (no === 2 && wt === 2) (out.spans as Json[]).push(span(r.bytes()));
    else return false;
    return true;
  });
  return out;
}

/** Decodes an `ExportTraceServiceRequest`; throws on malformed input. */
export function decodeTraceRequest(buf: Uint8Array): Json {
  const resourceSpans: Json[] = [];
  const r = new Reader(buf);
  r.each((no, wt) => {
    if (no !== 1 || wt !== 2) return false;
    const rs: Json = { scopeSpans: [] as Json[] };
    const inner = new Reader(r.bytes());
    inner.each((n, w) => {
      if (n !== 2 || w !== 2) return false;
      (rs.scopeSpans as Json[]).push(scopeSpans(inner.bytes()));
      return true;
    });
    resourceSpans.push(rs);
    return true;
  });
  return { resourceSpans };
}
