// Dated notices (theme/static/js/notice.js): hidden from the day after `data-until`, in local time.
import test from "node:test";
import assert from "node:assert/strict";

import { hideEnded, localDate } from "../../theme/static/js/notice.js";

test("localDate is the local calendar day, zero-padded", () => {
  assert.equal(localDate(new Date(2026, 0, 5, 23, 59)), "2026-01-05");
  assert.equal(localDate(new Date(2026, 11, 31, 0, 0)), "2026-12-31");
});

test("hideEnded removes the notices whose last day is before today, and only those", () => {
  const removed = [];
  const notice = (until) => ({ dataset: { until }, remove: () => removed.push(until) });
  const notices = [notice("2026-06-19"), notice("2026-06-20"), notice("2026-06-21")];
  const root = { querySelectorAll: (selector) => (selector === ".notice[data-until]" ? notices : []) };
  hideEnded(root, "2026-06-20");
  assert.deepEqual(removed, ["2026-06-19"]);
});
