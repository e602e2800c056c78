"""Echo-server load test with trio: a server and many clients, each client a
task in a nursery."""
import time

import trio

HOST, PORT = "127.0.0.1", 9009
CLIENTS = 20
MESSAGES = 50


async def echo_handler(stream: trio.SocketStream) -> None:
    try:
        async for chunk in stream:
            await stream.send_all(chunk)
    except trio.BrokenResourceError:
        pass


async def client(client_id: int, latencies: list[float]) -> None:
    stream = await trio.open_tcp_stream(HOST, PORT)
    async with stream:
        for i in range(MESSAGES):
            payload = f"{client_id}:{i}\n".encode()
            started = time.perf_counter()
            await stream.send_all(payload)
            received = b""
            while len(received) < len(payload):
                received += await stream.receive_some(1024)
            latencies.append(time.perf_counter() - started)


async def main() -> None:
    latencies: list[float] = []
    async with trio.open_nursery() as server_nursery:
        server_nursery.start_soon(trio.serve_tcp, echo_handler, PORT)
        await trio.sleep(0.2)  # give the listener a moment to bind
        async with trio.open_nursery() as clients:
            for cid in range(CLIENTS):
                clients.start_soon(client, cid, latencies)
        # All clients are done once the inner nursery exits; stop the server.
        server_nursery.cancel_scope.cancel()

    latencies.sort()
    p50 = latencies[len(latencies) // 2] * 1000
    p99 = latencies[int(len(latencies) * 0.99)] * 1000
    print(f"{len(latencies)} round trips, p50 {p50:.2f} ms, p99 {p99:.2f} ms")


if __name__ == "__main__":
    trio.run(main)
