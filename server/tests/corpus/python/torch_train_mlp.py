"""Training a small MLP on synthetic data, on the GPU when one is present."""
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


class MLP(nn.Module):
    def __init__(self, in_features: int, hidden: int, classes: int) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(in_features, hidden),
            nn.ReLU(),
            nn.Linear(hidden, classes),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


def make_data(n: int = 10_000, features: int = 20) -> TensorDataset:
    g = torch.Generator().manual_seed(0)
    x = torch.randn(n, features, generator=g)
    weights = torch.randn(features, 3, generator=g)
    y = (x @ weights).argmax(dim=1)
    return TensorDataset(x, y)


def main(epochs: int = 5) -> None:
    use_gpu = torch.cuda.is_available()
    model = MLP(20, 64, 3)
    if use_gpu:
        model = model.cuda()
    loader = DataLoader(make_data(), batch_size=256, shuffle=True)
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()

    for epoch in range(epochs):
        model.train()
        total_loss, correct, seen = 0.0, 0, 0
        for xb, yb in loader:
            if use_gpu:
                xb = xb.to("cuda")
                yb = yb.to("cuda")
            optimiser.zero_grad()
            logits = model(xb)
            loss = loss_fn(logits, yb)
            loss.backward()
            optimiser.step()
            total_loss += loss.item() * xb.size(0)
            correct += (logits.argmax(dim=1) == yb).sum().item()
            seen += xb.size(0)
        print(f"epoch {epoch + 1}: loss {total_loss / seen:.4f}, accuracy {correct / seen:.2%}")

    # Move the weights back to the CPU before saving, so the file loads anywhere.
    model.to("cpu")
    torch.save(model.state_dict(), "mlp.pt")


if __name__ == "__main__":
    main()
