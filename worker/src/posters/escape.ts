/** Text for HTML/SVG content and quoted attribute values: names and addresses come from the database. */
export const escapeMarkup = (text: string): string =>
  text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
