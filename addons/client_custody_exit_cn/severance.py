"""The economic compensation's arithmetic, in one place for every path (the exit, its
migration, the tests): Labour Contract Law arts. 47, 87 and 97, Implementing Regulations arts. 25
and 27. Pure functions of dates and amounts; the exit (models/hr_exit.py) decides which applies.
"""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

# Art. 47: above three times the local average monthly wage, the base is capped at that and the
# years at twelve.
SEVERANCE_WAGE_CAP_FACTOR = 3
SEVERANCE_YEAR_CAP = 12
# Art. 97: the Labour Contract Law counts service from this day; the years before it follow the
# rules then in force (the 1994 Measures on economic compensation).
LCL_IN_FORCE = date(2008, 1, 1)
# The 1994 Measures arts. 5 and 7: at most 12 months for a mutual agreement and for incompetence.
PRE2008_MONTH_CAP = 12


def art47_months(date_start, date_end):
    """Months of economic compensation for the service from ``date_start`` to ``date_end``
    (both included): one per full year; a remainder of six months or more counts as a full
    year, a remainder under six months as half a month (Labour Contract Law art. 47)."""
    if not date_start or not date_end or date_end < date_start:
        return 0.0
    service = relativedelta(date_end + timedelta(days=1), date_start)
    months = float(service.years)
    if service.months >= 6:
        months += 1
    elif service.months or service.days:
        months += 0.5
    return months


def pre2008_months(date_start, date_end):
    """Months of compensation for the service before 2008-01-01 under the rules then in force
    (LCL art. 97; 1994 Measures): one month per year, a started year counting as a full year."""
    if not date_start or not date_end or date_start >= LCL_IN_FORCE:
        return 0.0
    end = min(date_end + timedelta(days=1), LCL_IN_FORCE)
    if end <= date_start:
        return 0.0
    service = relativedelta(end, date_start)
    return float(service.years + (1 if service.months or service.days else 0))


def severance_split(
    date_start,
    date_end,
    wage,
    *,
    local_average=0.0,
    minimum_wage=0.0,
    pre2008_rule="uncapped",
):
    """The economic compensation in its two periods (LCL art. 97, as courts mostly compute it).

    ``pre2008_rule``: ``"none"`` (a contract ending: nothing before 2008), ``"capped"`` (mutual
    agreement, incompetence: at most 12 months) or ``"uncapped"``. The monthly base is never below
    the local minimum wage (Implementing Regulations art. 27); from 2008 it is capped at three
    times the local average and the years at twelve (art. 47); before 2008 there is no wage cap.

    Returns a dict: months and amount of each period, the base of each, whether capped.
    """
    base = max(wage or 0.0, minimum_wage or 0.0)
    before = pre2008_months(date_start, date_end) if pre2008_rule != "none" else 0.0
    if pre2008_rule == "capped":
        before = min(before, float(PRE2008_MONTH_CAP))
    since = art47_months(max(date_start, LCL_IN_FORCE), date_end) if date_start else 0.0
    cap = (local_average or 0.0) * SEVERANCE_WAGE_CAP_FACTOR
    capped = bool(cap) and base > cap
    base_since = cap if capped else base
    if capped:
        since = min(since, float(SEVERANCE_YEAR_CAP))
    return {
        "months_before": before,
        "months_since": since,
        "base_before": base,
        "base_since": base_since,
        "amount_before": base * before,
        "amount_since": base_since * since,
        "capped": capped,
    }


def damages_months(date_start, date_end, wage, *, local_average=0.0, minimum_wage=0.0):
    """(months, base) of the art. 87 赔偿金: art. 47 over the whole tenure from the hire date
    (Implementing Regulations art. 25), with its caps; the amount is twice base × months."""
    base = max(wage or 0.0, minimum_wage or 0.0)
    months = art47_months(date_start, date_end)
    cap = (local_average or 0.0) * SEVERANCE_WAGE_CAP_FACTOR
    if cap and base > cap:
        return min(months, float(SEVERANCE_YEAR_CAP)), cap, True
    return months, base, False
