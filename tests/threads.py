"""Running requests at the same moment, each in a thread with its own
database connection (tests marked `django_db(transaction=True)`)."""

import threading

from django.db import connection


def at_once(*calls):
    """Call every function of `calls` in a thread of its own, all released
    together by a barrier; returns their results in order and re-raises the
    first exception one of them raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)
    errors = []

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except BaseException as error:  # re-raised in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results
