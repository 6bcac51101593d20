/*
 * kbgen default theme, DOM: the one element helper the search box and the
 * track page build their markup with. Text goes in as textContent only, so
 * nothing a shopper types ever becomes HTML.
 */

/** An element with an optional class and text. */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
