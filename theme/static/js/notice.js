/*
 * kbgen default theme, notices: a notice with an end date (`data-until`, the
 * last day it shows) is hidden from the day after, in the shopper's own time
 * zone, so a site not rebuilt since does not keep announcing what is over.
 * The build leaves out notices already over; this covers the days between
 * builds. Loaded only by pages with such a notice; it imports nothing.
 */

/** The local date as YYYY-MM-DD, which compares as text like the dates in `data-until`. */
export function localDate(now) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Hide every notice under `root` whose last day is before `today` (YYYY-MM-DD). */
export function hideEnded(root, today) {
  for (const notice of root.querySelectorAll(".notice[data-until]")) {
    if (notice.dataset.until < today) notice.remove();
  }
}

// In a page; the node tests import the functions alone.
if (typeof document !== "undefined") hideEnded(document, localDate(new Date()));
