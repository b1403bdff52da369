"""The station's weekly schedule (content/data/siaran.yaml), read with line marks and checked.

Example:

    - program: sapa-warga
      hari: Senin
      mulai: "08:00"
      selesai: "09:00"

`hari` is one day, a comma list, a range ('Senin-Jumat') or 'setiap hari'; hours are
WITA. Pure functions, no Pelican import: problems come back as (line, column, code, text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from common.diagnostics import Problem

DAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")
DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
TIME = re.compile(r"^(?P<h>[01]?\d|2[0-4])[:.](?P<m>[0-5]\d)$")


@dataclass(frozen=True)
class Slot:
    """One programme on air on some days, from `start` to `end` (minutes after midnight)."""

    program: object  # a vocab Entry
    days: tuple[int, ...]  # 1 = Senin ... 7 = Minggu
    start: int
    end: int

    @property
    def hari(self) -> str:
        return days_label(self.days)

    @property
    def mulai(self) -> str:
        return clock(self.start)

    @property
    def selesai(self) -> str:
        return clock(self.end)

    @property
    def data_hari(self) -> str:
        return " ".join(str(d) for d in self.days)


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}.{minutes % 60:02d}"


def days_label(days: tuple[int, ...]) -> str:
    if len(days) == 7:
        return "Setiap hari"
    if len(days) > 2 and list(days) == list(range(days[0], days[-1] + 1)):
        return f"{DAY_NAMES[days[0] - 1]}-{DAY_NAMES[days[-1] - 1]}"
    return ", ".join(DAY_NAMES[d - 1] for d in days)


def parse_days(value) -> tuple[int, ...] | None:
    """Days 1-7 from 'Senin', 'Senin, Rabu', 'Senin-Jumat', 'setiap hari' or a list."""
    if isinstance(value, list):
        parts = value
    elif isinstance(value, str):
        text = value.strip().casefold()
        if text in ("setiap hari", "tiap hari", "setiap_hari"):
            return tuple(range(1, 8))
        ranged = re.fullmatch(r"(\w+)\s*(?:-|sampai|s\.d\.|s/d)\s*(\w+)", text)
        if ranged and ranged[1] in DAYS and ranged[2] in DAYS:
            first, last = DAYS.index(ranged[1]) + 1, DAYS.index(ranged[2]) + 1
            return tuple(range(first, last + 1)) if first <= last else None
        parts = [p for p in re.split(r"\s*,\s*|\s+dan\s+", text) if p]
    else:
        return None
    days = []
    for part in parts:
        name = str(part).strip().casefold().replace("'", "")
        if name not in DAYS:
            return None
        days.append(DAYS.index(name) + 1)
    return tuple(sorted(set(days))) if days else None


def parse_time(value) -> int | None:
    """Minutes after midnight of '08:00' or '8.00'; YAML 1.1 reads 8:00 as 480 (base 60)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= 24 * 60 else None
    if not isinstance(value, str):
        return None
    match = TIME.match(value.strip())
    if not match:
        return None
    minutes = int(match["h"]) * 60 + int(match["m"])
    return minutes if minutes <= 24 * 60 else None


def read_schedule(data, marks, programs, shown_programs: str) -> tuple[list[Slot], list[Problem]]:
    """Slots of a loaded schedule, in order, and every problem found."""
    problems: list[Problem] = []
    slots: list[Slot] = []
    if not isinstance(data, list):
        line, column = marks.of(())
        return [], [Problem(line or 1, column or 1, "AUD010",
                            "jadwal siaran harus berupa daftar; setiap acara diawali "
                            "'- program: ...' lalu baris hari, mulai, dan selesai")]
    for index, item in enumerate(data):
        line, column = marks.of((index,))
        where = f"acara ke-{index + 1}"
        if not isinstance(item, dict):
            problems.append(Problem(line, column, "AUD010",
                                    f"{where} harus berisi program, hari, mulai, dan selesai"))
            continue
        bad = False
        for key in ("program", "hari", "mulai", "selesai"):
            if item.get(key) in (None, ""):
                problems.append(Problem(line, column, "AUD010",
                                        f"{where}: baris '{key}' tidak ada atau kosong"))
                bad = True
        if bad:
            continue
        name = str(item["program"]).strip()
        program = programs.by_slug(name) or programs.by_name(name)
        if program is None:
            pline, pcol = marks.of((index, "program"))
            known = ", ".join(programs.slugs()) or "(belum ada)"
            problems.append(Problem(pline, pcol, "AUD011",
                                    f"{where}: 'program' harus salah satu dari {known} "
                                    f"(daftar program ada di {shown_programs}) "
                                    f"(ditemukan: '{name}')"))
        days = parse_days(item["hari"])
        if days is None:
            dline, dcol = marks.of((index, "hari"))
            problems.append(Problem(dline, dcol, "AUD012",
                                    f"{where}: 'hari' harus nama hari (Senin sampai Minggu), "
                                    "misalnya 'Senin', 'Senin, Rabu', 'Senin-Jumat' atau "
                                    f"'setiap hari' (ditemukan: '{item['hari']}')"))
        times = {}
        for key in ("mulai", "selesai"):
            times[key] = parse_time(item[key])
            if times[key] is None:
                tline, tcol = marks.of((index, key))
                problems.append(Problem(tline, tcol, "AUD013",
                                        f"{where}: '{key}' harus jam WITA berbentuk JJ:MM "
                                        f"dalam tanda kutip, misalnya \"08:00\" "
                                        f"(ditemukan: '{item[key]}')"))
        if None not in times.values() and times["selesai"] <= times["mulai"]:
            tline, tcol = marks.of((index, "selesai"))
            problems.append(Problem(tline, tcol, "AUD014",
                                    f"{where}: 'selesai' harus setelah 'mulai' "
                                    f"({clock(times['mulai'])}); untuk tengah malam tulis "
                                    f"\"24:00\" (ditemukan: '{clock(times['selesai'])}')"))
            continue
        if program is not None and days is not None and None not in times.values():
            slots.append(Slot(program, days, times["mulai"], times["selesai"]))
    return slots, problems
