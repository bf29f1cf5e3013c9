/**
 * A minimal XML writer for ISO 20022 documents (ADR 0008): elements with text or child
 * elements (never both), attributes, UTF-8, two-space indentation. Optional elements are
 * written as `undefined` and vanish, as do elements left with no content, so a builder can
 * follow the schema's sequence line by line.
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyArray<readonly [string, string]>;
  readonly children: readonly XmlElement[];
  readonly text: string | undefined;
}

type Child = XmlElement | undefined | false;

/** An element with child elements; undefined if none of them is present. */
export function el(
  name: string,
  ...children: ReadonlyArray<Child | readonly Child[]>
): XmlElement | undefined {
  const present = children.flat().filter((c): c is XmlElement => c !== undefined && c !== false);
  return present.length === 0
    ? undefined
    : { name, attributes: [], children: present, text: undefined };
}

/** An element holding text; undefined when the text is undefined or empty (an optional field). */
export function leaf(
  name: string,
  text: string | undefined,
  attributes: ReadonlyArray<readonly [string, string]> = [],
): XmlElement | undefined {
  return text === undefined || text === "" ? undefined : { name, attributes, children: [], text };
}

/** The document with its XML declaration; the root gets the message's namespace. */
export function renderDocument(namespace: string, root: XmlElement): string {
  const doc: XmlElement = {
    name: "Document",
    attributes: [["xmlns", namespace]],
    children: [root],
    text: undefined,
  };
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  write(doc, 0, lines);
  return `${lines.join("\n")}\n`;
}

function write(element: XmlElement, depth: number, lines: string[]): void {
  const indent = "  ".repeat(depth);
  const open =
    element.name + element.attributes.map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`).join("");
  if (element.text !== undefined) {
    lines.push(`${indent}<${open}>${escapeText(element.text)}</${element.name}>`);
    return;
  }
  lines.push(`${indent}<${open}>`);
  for (const child of element.children) write(child, depth + 1, lines);
  lines.push(`${indent}</${element.name}>`);
}

/** Text content: & and < must be escaped; > too, so "]]>" can never appear. */
export function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

/** Attribute values in double quotes; whitespace controls as references, since parsers normalize them. */
export function escapeAttribute(text: string): string {
  return text.replace(/[&<>"'\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c]!);
}

const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};
