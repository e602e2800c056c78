//! A dropped `asyncio.create_task` moved into an `asyncio.TaskGroup`: the shape of the rewrite,
//! the program's output before and after, and the places where it must not be offered.

use expect_test::expect;

use super::conversions::{convert, titles_at};
use super::{fixture, python_output};
use crate::analysis::{Language, SourceFile, analyze};

const TITLE: &str = "Run the task in an `asyncio.TaskGroup` (Python 3.11+; the function waits for it)";

const PROGRAM: &str = r#"
import asyncio


async def worker(name, delay):
    await asyncio.sleep(delay)
    print(f"{name} done", flush=True)


async def main():
    print("start")
    asyncio.create_$0task(worker("audit", 0.01))  # fire and forget
    # the rest runs while the task does
    await worker("serve", 0.05)
    for name in ["a", "b"]:
        asyncio.create_task(worker(name, 0.02))
    note = """two
  lines"""
    print(note)
    await asyncio.sleep(0.1)
    return "result"


print(asyncio.run(main()))
"#;

#[test]
fn dropped_task_moves_into_a_task_group_and_prints_the_same() {
    let converted = convert(Language::Python, PROGRAM, TITLE);
    expect![[r#"
        import asyncio


        async def worker(name, delay):
            await asyncio.sleep(delay)
            print(f"{name} done", flush=True)


        async def main():
            print("start")
            async with asyncio.TaskGroup() as tg:
                tg.create_task(worker("audit", 0.01))  # fire and forget
                # the rest runs while the task does
                await worker("serve", 0.05)
                for name in ["a", "b"]:
                    tg.create_task(worker(name, 0.02))
                note = """two
          lines"""
                print(note)
                await asyncio.sleep(0.1)
                return "result"


        print(asyncio.run(main()))
    "#]]
    .assert_eq(&converted);
    // Analysed again, no task is left dangling: the group holds them all.
    let analysis = analyze(&SourceFile::parse(Language::Python, converted.as_str()));
    assert!(analysis.findings.iter().all(|f| f.code() != "CTP203"), "{:?}", analysis.findings);
    let original = fixture::parse(PROGRAM).text;
    if let (Some(before), Some(after)) = (python_output(&original), python_output(&converted)) {
        assert_eq!(before, after);
        assert_eq!(after, "start\naudit done\nserve done\ntwo\n  lines\na done\nb done\nresult\n");
    }
}

#[test]
fn task_group_title_is_in_russian_too() {
    let titles = super::conversions::titles_in(crate::locale::Locale::Ru, Language::Python, PROGRAM);
    assert!(
        titles.iter().any(|t| t == "Выполнить задачу в `asyncio.TaskGroup` (Python 3.11+; функция будет её ждать)"),
        "{titles:?}"
    );
}

#[test]
fn the_converted_function_waits_for_its_task() {
    // The point of the group, and why the conversion is unsafe: a task the function used to
    // abandon (asyncio.run cancels it) now finishes before the function returns.
    let source = "import asyncio\n\n\nasync def late():\n    await asyncio.sleep(0.01)\n    print(\"late\")\n\n\nasync def main():\n    asyncio.create_t$0ask(late())\n    print(\"main\")\n\n\nasyncio.run(main())\n";
    let converted = convert(Language::Python, source, TITLE);
    let original = fixture::parse(source).text;
    if let (Some(before), Some(after)) = (python_output(&original), python_output(&converted)) {
        assert_eq!(before, "main\n");
        assert_eq!(after, "main\nlate\n");
    }
}

#[test]
fn task_group_respects_aliases_imports_and_taken_names() {
    // `import asyncio as aio` is reused; `tg` is taken, so the group gets another name.
    expect![[r#"
        import asyncio as aio


        async def main(tg):
            async with aio.TaskGroup() as task_group:
                task_group.create_task(tg.run())
                await aio.sleep(0)
    "#]]
    .assert_eq(&convert(
        Language::Python,
        "import asyncio as aio\n\n\nasync def main(tg):\n    aio.create_task$0(tg.run())\n    await aio.sleep(0)\n",
        TITLE,
    ));
    // `from asyncio import create_task` gets `import asyncio` for the group's class; a tab-indented
    // file stays tab-indented; the spawn inside a `with` waits before the resource closes.
    expect![[r#"
        from asyncio import create_task
        import asyncio

        async def main(session):
        	async with session:
        		async with asyncio.TaskGroup() as tg:
        			tg.create_task(session.ping())
        			await session.work()
        	print("closed")
    "#]]
    .assert_eq(&convert(
        Language::Python,
        "from asyncio import create_task\n\nasync def main(session):\n\tasync with session:\n\t\tcreate_task$0(session.ping())\n\t\tawait session.work()\n\tprint(\"closed\")\n",
        TITLE,
    ));
    // An imported `TaskGroup` is used as it is.
    let converted = convert(
        Language::Python,
        "import asyncio\nfrom asyncio import TaskGroup\n\nasync def main():\n    asyncio.create_task$0(job())\n",
        TITLE,
    );
    assert!(converted.contains("    async with TaskGroup() as tg:\n        tg.create_task(job())\n"), "{converted}");
}

#[test]
fn task_group_is_not_offered_where_it_would_change_more_than_the_waiting() {
    for (source, why) in [
        ("import asyncio\n\ndef main():\n    asyncio.create_t$0ask(job())\n", "a plain def has no `async with`"),
        (
            "import asyncio\n\nasync def main(items):\n    for item in items:\n        asyncio.create_t$0ask(job(item))\n",
            "in a loop the group would wait at every iteration",
        ),
        (
            "import asyncio\n\nasync def main(flag):\n    if flag:\n        asyncio.create_t$0ask(job())\n    await other()\n",
            "in an `if` the group would wait before the rest of the function",
        ),
        (
            "import asyncio\n\nasync def main():\n    try:\n        asyncio.create_t$0ask(job())\n    except ValueError:\n        pass\n",
            "errors would arrive as an ExceptionGroup the `except` misses",
        ),
        (
            "import asyncio\n\nasync def ticks():\n    asyncio.create_t$0ask(job())\n    yield 1\n",
            "an async generator would suspend inside the group",
        ),
        (
            "import asyncio\n\nasync def main():\n    x = 1; asyncio.create_t$0ask(job())\n",
            "the line holds another statement",
        ),
        ("import asyncio\n\nasync def main(): asyncio.create_t$0ask(job())\n", "the body shares the header's line"),
        ("import asyncio\n\nasync def main():\n    task = asyncio.create_t$0ask(job())\n", "the task is kept already"),
        (
            "import asyncio\n\nasync def main():\n    asyncio.ensure_fut$0ure(job())\n",
            "ensure_future also takes futures, which a group cannot adopt",
        ),
        (
            "import asyncio\n\nasync def main():\n    run = lambda: asyncio.create_t$0ask(job())\n",
            "a lambda's call is its value, not a dropped statement",
        ),
        (
            "import asyncio\n\nasync def main():\n    def spawn():\n        asyncio.create_t$0ask(job())\n    spawn()\n",
            "a nested plain def is not the coroutine",
        ),
    ] {
        let titles = titles_at(Language::Python, source);
        assert!(!titles.iter().any(|t| t == TITLE), "{why}:\n{source}\n{titles:?}");
    }
}
