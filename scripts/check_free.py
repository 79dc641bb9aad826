#!/usr/bin/env python3
"""Before ``make start`` writes anything: is the port free, and is the
database not held by another Zope process? Says so in one line if not (and
leaves the running instance's configuration alone). Standard library only.
"""

from pathlib import Path

import argparse
import fcntl
import socket
import sys


def port_taken(host, port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def database_held(data_fs):
    """Whether another process holds ZODB's lock on ``data_fs``."""
    lock = Path(f"{data_fs}.lock")
    if not lock.exists():
        return False
    with open(lock, "a") as file:
        try:
            fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(file.fileno(), fcntl.LOCK_UN)
    return False


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--data", default="var/filestorage/Data.fs")
    args = parser.parse_args(argv)
    if port_taken(args.host, args.port):
        print(
            f"make start: {args.host}:{args.port} is taken (is the site running already?): "
            f"stop that server, or use another port: make start PORT={args.port + 1}",
            file=sys.stderr,
        )
        return 1
    if database_held(args.data):
        print(
            f"make start: {args.data} is in use by another Zope process (make start, "
            "make site or make start-cluster?): stop it first",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
