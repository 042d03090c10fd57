/**
 * A small XML reader for checking reports the app writes (JUnit): elements, attributes, text.
 * It rejects what is not well-formed (unbalanced tags, a bare `&` or `<`), which is what a CI
 * system's parser would trip on; no DTDs, namespaces or CDATA, which the app never writes.
 */

/** An element with its attributes, children and text (entities decoded). */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(text: string): string {
  if (/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(text) || text.includes("<")) {
    throw new Error(`not well-formed XML text: ${JSON.stringify(text.slice(0, 60))}`);
  }
  return text.replace(/&(#\d+|\w+);/g, (_, e: string) =>
    e.startsWith("#") ? String.fromCodePoint(Number(e.slice(1))) : (ENTITIES[e] as string),
  );
}

/** Parses `xml` into its root element; throws on anything not well-formed. */
export function parseXml(xml: string): XmlElement {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
  const tag = /<(\/?)([\w:.-]+)((?:\s+[\w:.-]+="[^"]*")*)\s*(\/?)>/g;
  const stack: XmlElement[] = [{ name: "#document", attributes: {}, children: [], text: "" }];
  let last = 0;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    const top = stack.at(-1) as XmlElement;
    top.text += decode(body.slice(last, m.index));
    last = tag.lastIndex;
    const [, closing, name = "", attrs = "", selfClosing] = m;
    if (closing) {
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
      stack.pop();
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const a of attrs.matchAll(/([\w:.-]+)="([^"]*)"/g)) {
      attributes[a[1] as string] = decode(a[2] as string);
    }
    const element: XmlElement = { name, attributes, children: [], text: "" };
    top.children.push(element);
    if (!selfClosing) stack.push(element);
  }
  if (body.slice(last).trim() !== "") throw new Error("text after the root element");
  if (stack.length !== 1) throw new Error(`<${stack.at(-1)?.name}> is never closed`);
  const [root, ...rest] = stack[0]?.children ?? [];
  if (!root || rest.length > 0) throw new Error("an XML document has exactly one root element");
  return root;
}
