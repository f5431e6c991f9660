"""PyTorch side of `pnpm bench train`: the same models, data and settings as the Tessera run.

Reads one JSON object from argv[1] and prints one JSON object per line: {"epoch", "seconds"}
after each epoch, then {"accuracy", "torch", "threads"}. Run with Debian's /usr/bin/python3.
"""
import gzip, json, struct, sys, time
import numpy as np
import torch
from torch import nn

def read_idx(path):
    with open(path, 'rb') as f:
        raw = f.read()
    if raw[:2] == b'\x1f\x8b':
        raw = gzip.decompress(raw)
    ndim = raw[3]
    shape = struct.unpack('>' + 'I' * ndim, raw[4:4 + 4 * ndim])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)

def model_for(name):
    if name == 'small-cnn':
        return nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(64 * 5 * 5, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10))
    if name == 'mlp':
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    if name == 'lenet5':
        # As @tessera/nn's zoo on 28x28: C1 5x5x6 'same' padding, tanh, average pooling.
        return nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2), nn.Tanh(), nn.AvgPool2d(2),
            nn.Conv2d(6, 16, 5), nn.Tanh(), nn.AvgPool2d(2),
            nn.Flatten(), nn.Linear(16 * 5 * 5, 120), nn.Tanh(), nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, 10))
    raise SystemExit(f'unknown model {name}')

def main():
    a = json.loads(sys.argv[1])
    torch.set_num_threads(a['threads'])
    torch.manual_seed(a['seed'])
    d = a['dataDir']
    def load(images, labels, limit):
        x = read_idx(f'{d}/{images}')[:limit].astype(np.float32) / 255.0
        y = read_idx(f'{d}/{labels}')[:limit].astype(np.int64)
        return torch.from_numpy(x).unsqueeze(1), torch.from_numpy(y)
    xtr, ytr = load(a['trainImages'], a['trainLabels'], a['limit'])
    xte, yte = load(a['testImages'], a['testLabels'], a['testLimit'])
    model = model_for(a['model'])
    opt = torch.optim.Adam(model.parameters(), lr=a['lr'])
    loss_fn = nn.CrossEntropyLoss()
    g = torch.Generator().manual_seed(a['seed'])
    n = xtr.shape[0]
    for epoch in range(a['epochs']):
        model.train()
        start = time.perf_counter()
        order = torch.randperm(n, generator=g)
        for i in range(0, n, a['batchSize']):
            idx = order[i:i + a['batchSize']]
            opt.zero_grad()
            loss = loss_fn(model(xtr[idx]), ytr[idx])
            loss.backward()
            opt.step()
        print(json.dumps({'epoch': epoch + 1, 'seconds': time.perf_counter() - start}), flush=True)
    model.eval()
    with torch.no_grad():
        correct = sum(int((model(xte[i:i + 1000]).argmax(1) == yte[i:i + 1000]).sum()) for i in range(0, xte.shape[0], 1000))
    print(json.dumps({'accuracy': correct / xte.shape[0], 'torch': torch.__version__, 'threads': torch.get_num_threads()}), flush=True)

main()
