"""How a worker's PDF renderer process starts (see humanitarian/downloads.py).

A module of its own, so that the new process imports nothing of the project before Django is set up.
"""

import os

import django

NICENESS = 10  # added to the process's nice value: when the cores are busy, the kernel serves page requests first


def start():
    os.nice(NICENESS)
    django.setup()  # settings and the static-file finders the PDF's fetcher serves from
