"""kbgen: a static site generator for FAQ help centers."""
