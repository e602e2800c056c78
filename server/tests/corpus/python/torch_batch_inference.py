"""Batch image-classification job.

Loads a TorchScript model once, moves it to the GPU if the configuration
allows, and classifies every image listed in a manifest, writing one JSON
line per image. Bad images are logged and skipped.
"""
import argparse
import json
import logging
from dataclasses import dataclass
from pathlib import Path

import torch
from PIL import Image
from torchvision import transforms

log = logging.getLogger("inference")

PREPROCESS = transforms.Compose([
    transforms.Resize(256),
    transforms.CenterCrop(224),
    transforms.ToTensor(),
    transforms.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]),
])


@dataclass
class Config:
    model_path: Path
    labels_path: Path
    batch_size: int = 32
    use_gpu: bool = True


class Classifier:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.labels = config.labels_path.read_text(encoding="utf-8").splitlines()
        self.model = torch.jit.load(str(config.model_path), map_location="cpu").eval()
        self.on_gpu = config.use_gpu and torch.cuda.is_available()
        if self.on_gpu:
            self.model.to("cuda")
        log.info("model loaded, device=%s", "cuda" if self.on_gpu else "cpu")

    @torch.inference_mode()
    def predict(self, batch: torch.Tensor) -> list[tuple[str, float]]:
        if self.on_gpu:
            batch = batch.cuda()
        probs = self.model(batch).softmax(dim=1)
        top_p, top_i = probs.max(dim=1)
        # .tolist() copies back to the host in one go.
        return [(self.labels[i], p) for i, p in zip(top_i.tolist(), top_p.tolist())]


def load_images(paths: list[Path]) -> tuple[torch.Tensor | None, list[Path]]:
    tensors, ok = [], []
    for path in paths:
        try:
            with Image.open(path) as img:
                tensors.append(PREPROCESS(img.convert("RGB")))
            ok.append(path)
        except OSError as exc:
            log.warning("skipping %s: %s", path, exc)
    return (torch.stack(tensors) if tensors else None), ok


def run(config: Config, manifest: Path, out: Path) -> int:
    classifier = Classifier(config)
    paths = [Path(line) for line in manifest.read_text().splitlines() if line.strip()]
    written = 0
    with open(out, "w", encoding="utf-8") as fh:
        for start in range(0, len(paths), config.batch_size):
            batch, ok = load_images(paths[start:start + config.batch_size])
            if batch is None:
                continue
            for path, (label, prob) in zip(ok, classifier.predict(batch)):
                fh.write(json.dumps({"image": str(path), "label": label, "p": round(prob, 4)}) + "\n")
                written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("manifest", type=Path)
    parser.add_argument("--model", type=Path, default=Path("resnet50.pt"))
    parser.add_argument("--labels", type=Path, default=Path("imagenet_classes.txt"))
    parser.add_argument("--out", type=Path, default=Path("predictions.jsonl"))
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--cpu", action="store_true", help="never use the GPU")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    config = Config(args.model, args.labels, args.batch_size, use_gpu=not args.cpu)
    log.info("wrote %d predictions to %s", run(config, args.manifest, args.out), args.out)


if __name__ == "__main__":
    main()
