"""Маленький менеджер задач для командной строки.

Задачи хранятся в JSON-файле в домашнем каталоге пользователя.
Примеры:
    seq_todo_cli.py add "купить молоко" --due 2026-12-01
    seq_todo_cli.py list
    seq_todo_cli.py done 3
"""
import argparse
import json
import sys
from datetime import date
from pathlib import Path

STORE = Path.home() / ".todo.json"


def load() -> list[dict]:
    # Если файла ещё нет, начинаем с пустого списка.
    if not STORE.exists():
        return []
    return json.loads(STORE.read_text(encoding="utf-8"))


def save(tasks: list[dict]) -> None:
    # Пишем во временный файл и переименовываем, чтобы не потерять данные при сбое.
    tmp = STORE.with_suffix(".tmp")
    tmp.write_text(json.dumps(tasks, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(STORE)


def cmd_add(args: argparse.Namespace) -> None:
    tasks = load()
    next_id = max((t["id"] for t in tasks), default=0) + 1
    tasks.append({"id": next_id, "title": args.title, "due": args.due, "done": False})
    save(tasks)
    print(f"добавлена задача #{next_id}")


def cmd_list(args: argparse.Namespace) -> None:
    today = date.today().isoformat()
    for t in sorted(load(), key=lambda t: (t["done"], t["due"] or "9999")):
        if t["done"] and not args.all:
            continue
        mark = "x" if t["done"] else " "
        overdue = " (просрочена!)" if t["due"] and t["due"] < today and not t["done"] else ""
        print(f"[{mark}] #{t['id']:<3} {t['title']}  {t['due'] or ''}{overdue}")


def cmd_done(args: argparse.Namespace) -> None:
    tasks = load()
    for t in tasks:
        if t["id"] == args.id:
            t["done"] = True
            save(tasks)
            print(f"задача #{args.id} выполнена")
            return
    sys.exit(f"нет задачи с номером {args.id}")


def main() -> None:
    parser = argparse.ArgumentParser(description="простой список дел")
    sub = parser.add_subparsers(dest="command", required=True)
    p_add = sub.add_parser("add", help="добавить задачу")
    p_add.add_argument("title")
    p_add.add_argument("--due", type=lambda s: date.fromisoformat(s).isoformat())
    p_add.set_defaults(func=cmd_add)
    p_list = sub.add_parser("list", help="показать задачи")
    p_list.add_argument("--all", action="store_true", help="включая выполненные")
    p_list.set_defaults(func=cmd_list)
    p_done = sub.add_parser("done", help="отметить задачу выполненной")
    p_done.add_argument("id", type=int)
    p_done.set_defaults(func=cmd_done)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
