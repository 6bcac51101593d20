"""Integration tests left out of collection until what they test is on this branch."""

# Builds examples/multilingual/, which needs the locales of site.yaml (kbgen/config.py `locales`) and the
# search analyzers per language (search/languages.py in the package); delete this line when both are merged.
collect_ignore = ["test_multilingual_build.py"]
