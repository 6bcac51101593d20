"""Helpers with no knowledge of help centers.

Worker processes (`processes.py`), Ctrl-C and signals (`interrupts.py`), the GC pause (`gc_pause.py`), a static host for tests and
benchmarks (`static_host.py`), plain text of HTML (`html_text.py`), compact JSON
(`json_text.py`), atomic bookkeeping files (`atomic.py`), colours and contrast (`colour.py`),
where kbgen's own files are (`package.py`) and its message catalogues (`messages.py`).
"""
