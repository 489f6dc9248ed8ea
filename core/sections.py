"""The interface of a section of an area's figures. portal.summary puts the
sections of every app together; each app writes its own (cells.summary,
meetings.summary, awards.summary) against this class, which lives here so
the apps need not import portal.

A section answers three questions by one set of rules:

* `area(place, date, period)`: its figures of everything under `place`,
  counted over the area itself, so what is held above the communes (a
  district's own cells, cadres, awards) is counted too;
* `by_commune(place, date, period)`: {commune id: figures} for the communes
  under `place`, each equal to `area(commune, ...)`; a commune with nothing
  to count may be left out;
* `zero(date, period)`: the figures of a commune with nothing to count.

`with_communes` gives `area` and `by_commune` together; a section overrides
it when one set of queries gives both exactly. Every method issues a fixed
number of queries whatever the size of the area.

`period` is a core.periods.Period or None, `date` the day figures are
taken on. Labels of the figures live here too, so the dashboards, the
report workbook and the command name them alike: `labels` names every key,
`themes` groups the keys shown as figures, `columns` names the keys of the
per-commune tables, shortly.
"""


class Section:
    labels = {}  # {key: label} of every figure the section gives
    themes = []  # [(theme label, [key, ...])]: the figures shown, grouped
    columns = []  # [(key, short label)]: a table of communes, in order

    def area(self, place, date, period):
        raise NotImplementedError

    def by_commune(self, place, date, period):
        raise NotImplementedError

    def zero(self, date, period):
        raise NotImplementedError

    def shows(self, keys, figures):
        """Whether the theme of `keys` is shown for these `figures`: all are,
        unless a section leaves out a theme that cannot concern the place."""
        return True

    def with_communes(self, place, date, period):
        """(`area`, `by_commune`) of `place`."""
        return self.area(place, date, period), self.by_commune(place, date, period)
