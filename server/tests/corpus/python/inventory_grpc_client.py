"""Client for the inventory gRPC service.

inventory_pb2 / inventory_pb2_grpc are generated from inventory.proto with
    python -m grpc_tools.protoc -I proto --python_out=. --grpc_python_out=. proto/inventory.proto
Every stub call is a network round-trip to the inventory servers.
"""
import logging
import os
import time

import grpc

import inventory_pb2
import inventory_pb2_grpc

log = logging.getLogger("inventory")
TARGET = os.environ.get("INVENTORY_ADDR", "inventory.internal:50051")
RETRYABLE = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED}


class InventoryClient:
    def __init__(self, target: str = TARGET, timeout: float = 2.0, attempts: int = 3) -> None:
        self.channel = grpc.insecure_channel(target, options=[("grpc.keepalive_time_ms", 30000)])
        self.stub = inventory_pb2_grpc.InventoryStub(self.channel)
        self.timeout = timeout
        self.attempts = attempts

    def stock(self, sku: str) -> int:
        request = inventory_pb2.StockRequest(sku=sku)
        for attempt in range(1, self.attempts + 1):
            try:
                reply = self.stub.GetStock(request, timeout=self.timeout)
                return reply.quantity
            except grpc.RpcError as err:
                if err.code() not in RETRYABLE or attempt == self.attempts:
                    raise
                log.warning("GetStock %s (attempt %d), retrying", err.code().name, attempt)
                time.sleep(0.2 * attempt)
        raise AssertionError("unreachable")

    def reserve(self, order_id: str, items: dict[str, int]) -> bool:
        request = inventory_pb2.ReserveRequest(
            order_id=order_id,
            lines=[inventory_pb2.Line(sku=s, quantity=q) for s, q in items.items()],
        )
        try:
            reply = self.stub.Reserve(request, timeout=self.timeout)
        except grpc.RpcError as err:
            if err.code() == grpc.StatusCode.FAILED_PRECONDITION:
                log.info("order %s: not enough stock", order_id)
                return False
            raise
        return reply.reserved

    def low_stock(self, threshold: int) -> list[str]:
        request = inventory_pb2.ListRequest(max_quantity=threshold)
        # Server-streaming call: items arrive one message at a time.
        return [item.sku for item in self.stub.ListItems(request, timeout=10)]

    def close(self) -> None:
        self.channel.close()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    client = InventoryClient()
    try:
        print("SKU-1 in stock:", client.stock("SKU-1"))
        print("reserved:", client.reserve("ord-42", {"SKU-1": 2, "SKU-7": 1}))
        print("low stock:", client.low_stock(5))
    finally:
        client.close()
