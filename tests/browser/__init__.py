"""Real-browser tests (Chromium via Playwright): marked `browser`."""
