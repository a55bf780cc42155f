"""Writes assets/body_map.toml, or checks that it is current.

    python3 assets/body_map_source/generate.py [PATH]          # write assets/body_map.toml (or PATH)
    python3 assets/body_map_source/generate.py --check [PATH]  # exit 1 if the file is not current

Module graph (no cycles): lib <- body <- shapes <- posterior, anterior <- generate; writer (the
TOML output) is imported by the two views and by this script.
"""
import difflib
import os
import sys

# Leave no __pycache__ beside the sources.
sys.dont_write_bytecode = True

import anterior  # noqa: E402
import posterior  # noqa: E402
from writer import HEADER, render  # noqa: E402

TARGET = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'body_map.toml')


def main(args):
    check = '--check' in args
    paths = [a for a in args if a != '--check']
    path = paths[0] if paths else TARGET
    text = render([posterior.build_posterior(), anterior.build_anterior()], HEADER)
    if not check:
        with open(path, 'w') as f:
            f.write(text)
        return 0
    try:
        with open(path) as f:
            current = f.read()
    except OSError as e:
        print(f'{path}: cannot read it ({e})', file=sys.stderr)
        return 1
    if current == text:
        return 0
    diff = difflib.unified_diff(current.splitlines(True), text.splitlines(True), path, 'generated', n=1)
    sys.stderr.writelines(list(diff)[:40])
    print(f'\n{path} is not the output of assets/body_map_source/generate.py: edit the scripts, not the '
          f'file, and regenerate with `python3 assets/body_map_source/generate.py`.', file=sys.stderr)
    return 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
