"""`kbgen import`, a room apart from the build: readers for each kind of source, a planner, an all-or-nothing writer.

`command.py` asks each reader of `readers/` whether a source is its own and
plans the import (`plan.py`); `write.py` writes every planned file or none;
`messages.py` holds what the command says. Beneath them: the plain structure the readers
read into (`model.py`), file names (`naming.py`), plain text and links in answers
(`plaintext.py`, `links.py`). The core never imports this package.
"""
