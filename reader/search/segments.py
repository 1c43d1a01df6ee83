"""How an index's segments are merged when it is updated (an issue added, a page edited).

Whoosh's default policy merges "small" segments by a Fibonacci heuristic that, for an index
built in chunks, takes nearly all of them: at 100k articles it rewrote the whole index
(minutes) to add one issue of 100. Updates merge only their own small segments.
"""

from __future__ import annotations

UPDATE_SEGMENT = 1000  # articles: a segment of fewer is an update's (a build's hold ~2,500 each: 5,000 per chunk, 2 writers)
MERGE_UPDATES_AT = 8  # updates' segments merged into one once there are this many


def merge_updates(writer, segments):
    """Whoosh's merge policy for an update (an issue added, a page edited): the small
    segments updates leave are merged into one once there are ``MERGE_UPDATES_AT`` of
    them, so that a year of daily issues does not leave 365 segments for every search to
    read; the build's own segments are left alone. (Whoosh's default policy rewrote the
    whole index of a 100k-article archive — minutes — to add one issue of 100.)"""
    from whoosh.reading import SegmentReader

    small = [seg for seg in segments if seg.doc_count_all() < UPDATE_SEGMENT]
    if len(small) < MERGE_UPDATES_AT:
        return segments
    for seg in small:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return [seg for seg in segments if seg not in small]
