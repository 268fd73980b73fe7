# Usage: python shapeprobe.py patch|conv|conv2|cnnvit|cnn THREADS LR mean|max [DIR of `uae world sample` output]
# Can the encoder's vision tower learn which shapes are in an image in 800 steps x 32?
import json, glob, sys, time, numpy as np, torch, torch.nn as nn
from PIL import Image
torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 1); torch.manual_seed(0)
files = sorted(glob.glob(sys.argv[5] + '/*.json') if len(sys.argv) > 5 else glob.glob('wsamp/*.json'))
shapes = ['circle','square','triangle','diamond','star','cross','hexagon','pentagon','heart','ring']
X, Y = [], []
for f in files:
    j = json.load(open(f)); im = np.asarray(Image.open(f[:-5] + '.png').convert('RGB'), dtype=np.float32)
    X.append(im.transpose(2,0,1) / 127.5 - 1)
    y = np.zeros(len(shapes), np.float32)
    for o in j['scene']['objects']: y[shapes.index(o['shape'])] = 1
    Y.append(y)
X = torch.tensor(np.stack(X)); Y = torch.tensor(np.stack(Y))
used = Y.sum(0) > 0; Y = Y[:, used]; K = Y.shape[1]
Xtr, Ytr, Xte, Yte = X[:3500], Y[:3500], X[3500:], Y[3500:]
class Block(nn.Module):
    def __init__(s, d, h):
        super().__init__(); s.l1 = nn.LayerNorm(d); s.a = nn.MultiheadAttention(d, h, batch_first=True); s.l2 = nn.LayerNorm(d)
        s.m = nn.Sequential(nn.Linear(d, 4*d), nn.GELU(), nn.Linear(4*d, d))
    def forward(s, x):
        h = s.l1(x); x = x + s.a(h, h, h, need_weights=False)[0]; return x + s.m(s.l2(x))
class Vit(nn.Module):
    def __init__(s, stem, d=96, depth=2):
        super().__init__()
        if stem == "patch": s.p = nn.Conv2d(3, d, 4, 4)
        elif stem == "conv2": s.p = nn.Sequential(nn.Conv2d(3,32,3,1,1), nn.GELU(), nn.Conv2d(32,64,3,2,1), nn.GELU(), nn.Conv2d(64,64,3,1,1), nn.GELU(), nn.Conv2d(64,d,3,2,1))
        elif stem == "cnnvit": s.p = nn.Sequential(nn.Conv2d(3,32,3,1,1), nn.GELU(), nn.Conv2d(32,64,3,1,1), nn.GELU(), nn.MaxPool2d(2), nn.Conv2d(64,96,3,1,1), nn.GELU(), nn.Conv2d(96,d,3,1,1), nn.MaxPool2d(2))
        elif stem == "cnn": s.p = None; s.c = nn.Sequential(nn.Conv2d(3,32,3,1,1), nn.GELU(), nn.Conv2d(32,64,3,1,1), nn.GELU(), nn.MaxPool2d(2), nn.Conv2d(64,96,3,1,1), nn.GELU(), nn.Conv2d(96,96,3,1,1), nn.GELU(), nn.AdaptiveMaxPool2d(1))
        else: s.p = nn.Sequential(nn.Conv2d(3, 32, 3, 1, 1), nn.GELU(), nn.Conv2d(32, 64, 3, 2, 1), nn.GELU(), nn.Conv2d(64, d, 3, 2, 1))
        s.pos = nn.Parameter(torch.randn(1, 64, d) * .02); s.b = nn.ModuleList([Block(d, 4) for _ in range(depth)])
        s.n = nn.LayerNorm(d); s.h = nn.Linear(d, K)
    def forward(s, x):
        if s.p is None: return s.h(s.c(x).flatten(1))
        x = s.p(x).flatten(2).transpose(1, 2) + s.pos
        for b in s.b: x = b(x)
        return s.h(s.n(x).amax(1) if POOL=="max" else s.n(x).mean(1))
POOL = sys.argv[4] if len(sys.argv) > 4 else "mean"
stem, lr = sys.argv[1], float(sys.argv[3]) if len(sys.argv) > 3 else 1e-3
m = Vit(stem); opt = torch.optim.AdamW(m.parameters(), lr, weight_decay=.01); g = torch.Generator().manual_seed(1)
t0 = time.time()
for step in range(1, 801):
    idx = torch.randint(0, len(Xtr), (32,), generator=g)
    loss = nn.functional.binary_cross_entropy_with_logits(m(Xtr[idx]), Ytr[idx])
    opt.zero_grad(); loss.backward(); opt.step()
    if step % 200 == 0:
        with torch.no_grad():
            p = (m(Xte) > 0).float(); acc = (p == Yte).all(1).float().mean().item()
        print(f'{stem} lr {lr} step {step} loss {loss.item():.3f} exact-set acc {acc:.3f} ({time.time()-t0:.0f}s)', flush=True)
