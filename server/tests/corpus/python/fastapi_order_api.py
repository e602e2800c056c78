"""Order-status API (FastAPI, served by uvicorn).

Endpoints are coroutines run by the event loop; the blocking sqlite3 driver
is pushed to a worker thread with asyncio.to_thread.
"""
import asyncio
import logging
import sqlite3
from contextlib import asynccontextmanager, closing

import httpx
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

log = logging.getLogger("orders")
DB_PATH = "orders.db"
SHIPPING_API = "https://shipping.internal.example.com"


class OrderStatus(BaseModel):
    order_id: int
    status: str
    carrier_status: str | None = None


def query_order(order_id: int) -> tuple[int, str] | None:
    # sqlite3 is synchronous: never call it directly from a coroutine.
    with closing(sqlite3.connect(DB_PATH)) as conn:
        return conn.execute("SELECT id, status FROM orders WHERE id = ?", (order_id,)).fetchone()


def count_orders() -> int:
    with closing(sqlite3.connect(DB_PATH)) as conn:
        return conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0]


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.http = httpx.AsyncClient(base_url=SHIPPING_API, timeout=5.0)
    log.info("order API started")
    yield
    await app.state.http.aclose()


app = FastAPI(lifespan=lifespan)


async def carrier_status(client: httpx.AsyncClient, order_id: int) -> str | None:
    try:
        resp = await client.get(f"/tracking/{order_id}")
        resp.raise_for_status()
        return resp.json().get("status")
    except httpx.HTTPError as exc:
        log.warning("tracking lookup failed for %s: %s", order_id, exc)
        return None


@app.get("/orders/{order_id}", response_model=OrderStatus)
async def get_order(order_id: int) -> OrderStatus:
    # The database query and the carrier lookup overlap.
    row, tracking = await asyncio.gather(
        asyncio.to_thread(query_order, order_id),
        carrier_status(app.state.http, order_id),
    )
    if row is None:
        raise HTTPException(status_code=404, detail="order not found")
    return OrderStatus(order_id=row[0], status=row[1], carrier_status=tracking)


@app.get("/health")
async def health() -> dict:
    total = await asyncio.to_thread(count_orders)
    return {"status": "ok", "orders": total}


if __name__ == "__main__":
    import uvicorn

    logging.basicConfig(level=logging.INFO)
    uvicorn.run(app, host="0.0.0.0", port=8000)
