/** The service document (§1.5): Atom by default, JSON-light list of sets when JSON was negotiated. */
import { ENTITY_SETS } from './model';
import { xmlEscape } from './xml';

/** `root` ends with `/`; the Atom `xml:base` is written without it, as 1C does. */
export function serviceDocumentXml(root: string): string {
  const collections = ENTITY_SETS.map(
    (s) =>
      `<collection href="${xmlEscape(s.name)}"><atom:title>${xmlEscape(s.name)}</atom:title></collection>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<service xmlns="http://www.w3.org/2007/app" xmlns:atom="http://www.w3.org/2005/Atom" xml:base="${xmlEscape(root.replace(/\/$/, ''))}">`,
    '<workspace><atom:title>Default</atom:title>',
    ...collections,
    '</workspace></service>',
    '',
  ].join('\n');
}

export function serviceDocumentJson(root: string, withMetadata: boolean): string {
  const value = ENTITY_SETS.map((s) => ({ name: s.name, url: s.name }));
  return JSON.stringify(withMetadata ? { 'odata.metadata': `${root}$metadata`, value } : { value });
}
