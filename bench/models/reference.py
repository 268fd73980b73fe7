"""Python PyTorch reference of the UAE Studio encoder and decoder, for bench_models.

The SAME architectures as core/models (module for module, parameter for parameter: the
bench checks the counts), timed with the same shapes, thread count and torch build, so the
C++/Python ratio measures the engine and not the model. Run by bench_models; by hand:

    python reference.py --config preset.json --threads 2 --batch 16 --group 8 --tokens 64

prints one JSON object per line: {"name": ..., "ms": ..., "params": ...}.
"""
import argparse
import json
import math
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

PAD, BOS, EOS, UNK, GEN = 0, 1, 2, 3, 4


class Mlp(nn.Module):
    def __init__(self, dim, hidden, out=None):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, out or dim)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


class SelfAttention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads, self.hd = heads, dim // heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x, causal, cache=None, pos=0):
        B, T, _ = x.shape
        q, k, v = self.qkv(x).view(B, T, 3, self.heads, self.hd).permute(2, 0, 3, 1, 4)
        is_causal = causal
        if cache is not None:
            ck, cv = cache
            ck[:, :, pos:pos + T] = k
            cv[:, :, pos:pos + T] = v
            k, v = ck[:, :, :pos + T], cv[:, :, :pos + T]
            if pos > 0:
                is_causal = False  # one query at a time while decoding
        y = F.scaled_dot_product_attention(q, k, v, is_causal=is_causal)
        return self.proj(y.transpose(1, 2).reshape(B, T, -1))


class CrossAttention(nn.Module):
    def __init__(self, dim, ctx_dim, heads):
        super().__init__()
        self.heads, self.hd = heads, dim // heads
        self.q = nn.Linear(dim, dim)
        self.kv = nn.Linear(ctx_dim, 2 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x, ctx, mask):
        B, T, _ = x.shape
        L = ctx.shape[1]
        q = self.q(x).view(B, T, self.heads, self.hd).transpose(1, 2)
        k, v = self.kv(ctx).view(B, L, 2, self.heads, self.hd).permute(2, 0, 3, 1, 4)
        y = F.scaled_dot_product_attention(q, k, v, attn_mask=mask.view(B, 1, 1, L))
        return self.proj(y.transpose(1, 2).reshape(B, T, -1))


class Block(nn.Module):
    def __init__(self, dim, heads, ratio):
        super().__init__()
        self.ln1 = nn.LayerNorm(dim)
        self.attn = SelfAttention(dim, heads)
        self.ln2 = nn.LayerNorm(dim)
        self.mlp = Mlp(dim, dim * ratio)

    def forward(self, x, causal, cache=None, pos=0):
        x = x + self.attn(self.ln1(x), causal, cache, pos)
        return x + self.mlp(self.ln2(x))


def clipped_normal(*shape):
    return nn.Parameter(torch.empty(*shape).normal_(0, 0.02).clamp_(-0.04, 0.04))


class VisionTower(nn.Module):
    def __init__(self, c):
        super().__init__()
        n = (c["imageSize"] // c["patchSize"]) ** 2
        if c.get("stem", "patch") == "cnn":
            # As VisionTowerImpl: per halving conv 3x3, GELU, conv 3x3, (GELU,) max pool 2x2.
            layers, cin, halvings, d = [], c["channels"], c["patchSize"].bit_length() - 1, c["dim"]
            for h in range(halvings):
                last = h == halvings - 1
                mid, out = (d, d) if last else (min(d, 32 << h), min(d, 64 << h))
                layers += [nn.Conv2d(cin, mid, 3, padding=1), nn.GELU(), nn.Conv2d(mid, out, 3, padding=1)]
                layers += ([] if last else [nn.GELU()]) + [nn.MaxPool2d(2)]
                cin = out
            self.stem, self.patch = nn.Sequential(*layers), None
        else:
            self.stem, self.patch = None, nn.Conv2d(c["channels"], c["dim"], c["patchSize"], stride=c["patchSize"])
        self.pos = clipped_normal(1, n, c["dim"])
        self.blocks = nn.ModuleList([Block(c["dim"], c["heads"], c["mlpRatio"]) for _ in range(c["depth"])])
        self.norm = nn.LayerNorm(c["dim"])

    def forward(self, images):
        return self.features(images)[0]

    def features(self, images):
        grid = (self.stem(images) if self.stem is not None else self.patch(images)).flatten(2).transpose(1, 2)
        x = grid + self.pos
        for b in self.blocks:
            x = b(x, False)
        return self.norm(x), grid.amax(1)


class CaptionLm(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.tok = nn.Embedding(c["vocabSize"], c["dim"])
        nn.init.normal_(self.tok.weight, 0, 0.02)
        self.pos = clipped_normal(1, c["maxTokens"] + 1, c["dim"])
        self.blocks = nn.ModuleList([Block(c["dim"], c["heads"], c["mlpRatio"]) for _ in range(c["depth"])])
        self.norm = nn.LayerNorm(c["dim"])
        self.head = nn.Linear(c["dim"], c["vocabSize"], bias=False)

    def forward(self, prefix, tokens, cache=None):
        T = tokens.shape[1]
        start, pos = 0, 0
        if cache is not None:
            pos = cache["length"]
            if prefix is not None:
                cache["prefix"] = prefix.shape[1]
            else:
                start = cache["length"] - cache["prefix"]
        x = self.tok(tokens) + self.pos[:, start:start + T]
        if prefix is not None:
            x = torch.cat([prefix, x], 1)
        for i, b in enumerate(self.blocks):
            x = b(x, True, cache["layers"][i] if cache is not None else None, pos)
        if cache is not None:
            cache["length"] += x.shape[1]
        return self.norm(x)


class Encoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.vision = VisionTower(c["vision"])
        self.to_lm = nn.Linear(c["vision"]["dim"], c["lm"]["dim"])
        self.lm = CaptionLm(c["lm"])
        self.grounding = c.get("grounding", False)
        if self.grounding:  # as EncoderImpl: a summary token and two heads on the CNN stem
            d = c["vision"]["dim"]
            self.summary_to_lm = nn.Linear(d, c["lm"]["dim"])
            self.ground_cell = nn.Linear(d, 7)
            self.ground_presence = nn.Linear(d, 6)

    def prefix(self, images):
        tokens, pooled = self.vision.features(images)
        p = self.to_lm(tokens)
        if self.grounding:
            p = torch.cat([self.summary_to_lm(pooled).unsqueeze(1), p], 1)
        return p

    def caption_loss(self, images, captions):
        p = self.prefix(images)
        N, T = captions.shape
        inp = torch.cat([torch.full((N, 1), BOS, dtype=torch.long), captions[:, :T - 1]], 1)
        h = self.lm(p, inp)
        logits = self.lm.head(h[:, p.shape[1]:])
        return F.cross_entropy(logits.reshape(-1, logits.shape[-1]).float(), captions.reshape(-1), ignore_index=PAD)

    @torch.no_grad()
    def sample(self, images, group, tokens, temperature=1.0, use_cache=True):
        """The same loop as captionsampler.cpp: cache the prefix once, expand to G rows."""
        lm = self.lm
        p = self.prefix(images)
        B, P = p.shape[0], p.shape[1]
        N = B * group
        out = torch.full((N, tokens), PAD, dtype=torch.long)
        logps = torch.zeros(N, tokens)
        lengths = torch.full((N,), tokens, dtype=torch.long)
        finished = torch.zeros(N, dtype=torch.bool)
        banned = torch.tensor([PAD, BOS, GEN])
        banned_eos = torch.tensor([PAD, BOS, GEN, EOS])
        bos = torch.full((N, 1), BOS, dtype=torch.long)
        if use_cache:
            cap = P + lm.c["maxTokens"] + 1
            hd = lm.c["dim"] // lm.c["heads"]
            cache = {"length": 0, "prefix": 0,
                     "layers": [(torch.empty(B, lm.c["heads"], cap, hd), torch.empty(B, lm.c["heads"], cap, hd))
                                for _ in range(lm.c["depth"])]}
            h = lm(p, torch.full((B, 1), BOS, dtype=torch.long), cache)
            logits = lm.head(h[:, -1])
            if group > 1:
                cache["layers"] = [(k.repeat_interleave(group, 0), v.repeat_interleave(group, 0))
                                   for k, v in cache["layers"]]
                logits = logits.repeat_interleave(group, 0)
        else:
            prow = p.repeat_interleave(group, 0)
        for t in range(tokens):
            if not use_cache:
                h = lm(prow, torch.cat([bos, out[:, :t]], 1))
                logits = lm.head(h[:, -1])
            scaled = logits.float() / temperature
            # min tokens = all: EOS is banned throughout (fixed-length timing)
            allowed = scaled.index_fill(1, banned_eos, float("-inf"))
            nxt = torch.multinomial(torch.softmax(allowed, -1), 1).squeeze(-1)
            lp = torch.log_softmax(scaled, -1).gather(-1, nxt.unsqueeze(-1)).squeeze(-1)
            nxt = nxt.masked_fill(finished, PAD)
            lp = lp.masked_fill(finished, 0.0)
            out[:, t] = nxt
            logps[:, t] = lp
            ended = nxt == EOS
            lengths.masked_fill_(ended, t + 1)
            finished |= ended
            if t + 1 == tokens or bool(finished.all()):
                break
            if use_cache:
                h = lm(None, nxt.unsqueeze(1), cache)
                logits = lm.head(h[:, 0])
        return out, lengths, logps


class DitBlock(nn.Module):
    def __init__(self, dim, heads, ratio, cond_dim):
        super().__init__()
        self.ln1 = nn.LayerNorm(dim, elementwise_affine=False, eps=1e-6)
        self.attn = SelfAttention(dim, heads)
        self.ln_cross = nn.LayerNorm(dim)
        self.cross = CrossAttention(dim, cond_dim, heads)
        self.ln2 = nn.LayerNorm(dim, elementwise_affine=False, eps=1e-6)
        self.mlp = Mlp(dim, dim * ratio)
        self.ada = nn.Linear(dim, 6 * dim)
        nn.init.zeros_(self.ada.weight)
        nn.init.zeros_(self.ada.bias)

    def forward(self, x, c, ctx, mask):
        m = self.ada(F.silu(c)).chunk(6, -1)
        h = x + m[2].unsqueeze(1) * self.attn(self.ln1(x) * (1 + m[1].unsqueeze(1)) + m[0].unsqueeze(1), False)
        h = h + self.cross(self.ln_cross(h), ctx, mask)
        return h + m[5].unsqueeze(1) * self.mlp(self.ln2(h) * (1 + m[4].unsqueeze(1)) + m[3].unsqueeze(1))


class Conditioner(nn.Module):
    def __init__(self, lm_cfg, cond_dim):
        super().__init__()
        self.lm = CaptionLm(lm_cfg)
        for q in self.lm.parameters():
            q.requires_grad_(False)
        h = lm_cfg["dim"]
        self.proj = nn.Sequential(nn.Linear(h, 4 * h), nn.GELU(), nn.Linear(4 * h, cond_dim))

    def forward(self, captions):
        B = captions.shape[0]
        inp = torch.cat([torch.full((B, 1), GEN, dtype=torch.long), captions], 1)
        mask = torch.cat([torch.ones(B, 1, dtype=torch.bool), captions != PAD], 1)
        return self.proj(self.lm(None, inp)), mask


class Decoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        d, p = c["dim"], c["patchSize"]
        self.side = c["imageSize"] // p
        self.conditioner = Conditioner(c["textLm"], c["condDim"])
        self.patch = nn.Conv2d(c["channels"], d, p, stride=p)
        self.pos = clipped_normal(1, self.side ** 2, d)
        self.null_cond = clipped_normal(1, 1, c["condDim"])
        self.time_mlp = nn.Sequential(nn.Linear(256, d), nn.SiLU(), nn.Linear(d, d))
        self.pooled = nn.Linear(c["condDim"], d)
        self.blocks = nn.ModuleList([DitBlock(d, c["heads"], c["mlpRatio"], c["condDim"]) for _ in range(c["depth"])])
        self.final_norm = nn.LayerNorm(d, elementwise_affine=False, eps=1e-6)
        self.final_ada = nn.Linear(d, 2 * d)
        self.out = nn.Linear(d, p * p * c["channels"])
        for l in (self.final_ada, self.out):
            nn.init.zeros_(l.weight)
            nn.init.zeros_(l.bias)
        r, C = c.get("refiner", 0), c["channels"]
        self.refiner = None
        if r > 0:
            self.refiner = nn.Sequential(nn.Conv2d(2 * C + 1, r, 3, padding=1), nn.GELU(),
                                         nn.Conv2d(r, r, 3, padding=1), nn.GELU(), nn.Conv2d(r, C, 3, padding=1))
            nn.init.zeros_(self.refiner[4].weight)
            nn.init.zeros_(self.refiner[4].bias)

    def time_embedding(self, sigma):
        half = 128
        freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32) / half)
        args = sigma.float().unsqueeze(1) * 1000.0 * freqs.unsqueeze(0)
        return self.time_mlp(torch.cat([torch.cos(args), torch.sin(args)], 1))

    def forward(self, x, sigma, ctx, mask):
        m = mask.to(ctx.dtype).unsqueeze(-1)
        pooled = (ctx * m).sum(1) / m.sum(1).clamp_min(1.0)
        c = self.time_embedding(sigma) + self.pooled(pooled)
        h = self.patch(x).flatten(2).transpose(1, 2) + self.pos
        for b in self.blocks:
            h = b(h, c, ctx, mask)
        sh, sc = self.final_ada(F.silu(c)).chunk(2, -1)
        out = self.out(self.final_norm(h) * (1 + sc.unsqueeze(1)) + sh.unsqueeze(1))
        B, p, C, s = x.shape[0], self.c["patchSize"], self.c["channels"], self.side
        v = out.view(B, s, s, p, p, C).permute(0, 5, 1, 3, 2, 4).reshape(B, C, s * p, s * p)
        if self.refiner is not None:
            plane = sigma.to(v.dtype).view(-1, 1, 1, 1).expand(B, 1, v.shape[2], v.shape[3])
            v = v + self.refiner(torch.cat([x.to(v.dtype), v, plane], 1))
        return v

    def drop(self, ctx, mask, drop):
        B, L, D = ctx.shape
        null_row = torch.cat([self.null_cond, torch.zeros(1, L - 1, D)], 1)
        null_mask = torch.zeros(1, L, dtype=torch.bool)
        null_mask[0, 0] = True
        d = drop.view(B, 1)
        return torch.where(d.unsqueeze(-1), null_row, ctx), torch.where(d, null_mask, mask)

    def flow_loss(self, images, captions, drop_prob):
        ctx, mask = self.conditioner(captions)
        B = images.shape[0]
        sigma = torch.sigmoid(torch.randn(B) * self.c["timestepStd"] + self.c["timestepMean"])
        noise = torch.randn_like(images)
        s = sigma.view(B, 1, 1, 1)
        xt = (1 - s) * images + s * noise
        if drop_prob > 0:
            ctx, mask = self.drop(ctx, mask, torch.rand(B) < drop_prob)
        v = self(xt, sigma, ctx, mask)
        return F.mse_loss(v.float(), noise - images)

    @torch.no_grad()
    def sample_ode(self, captions, noise, steps, cfg):
        ctx, mask = self.conditioner(captions)
        B, L, D = ctx.shape
        # Conditional and null rows in one batch (null padded to L), as guidedVelocity does.
        nctx = torch.cat([self.null_cond.expand(B, 1, D), torch.zeros(B, L - 1, D)], 1)
        nmask = torch.zeros(B, L, dtype=torch.bool)
        nmask[:, 0] = True
        ctx2, mask2 = torch.cat([ctx, nctx]), torch.cat([mask, nmask])
        shift = self.c["scheduleShift"]
        s = torch.linspace(1.0, 0.0, steps + 1, dtype=torch.float64)
        if shift != 1.0:
            s = shift * s / (1 + (shift - 1) * s)
        sig = s.float().tolist()
        x = noise.float()
        for i in range(steps):
            if cfg == 1.0:
                v = self(x, torch.full((B,), sig[i]), ctx, mask)
            else:
                v2 = self(torch.cat([x, x]), torch.full((2 * B,), sig[i]), ctx2, mask2)
                vc, vu = v2[:B], v2[B:]
                v = vu + cfg * (vc - vu)
            x = x + (sig[i + 1] - sig[i]) * v.float()
        return x


def timed(fn, iters, warmup=2):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(iters):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000.0)
    return statistics.median(times)


def random_captions(B, T, vocab, gen):
    lengths = torch.randint(1, T, (B,), generator=gen)
    words = torch.randint(5, vocab, (B, T), generator=gen)
    idx = torch.arange(T).unsqueeze(0)
    caps = torch.where(idx < lengths.unsqueeze(1), words, torch.full_like(words, PAD))
    return caps.scatter(1, lengths.unsqueeze(1), EOS)


def check(enc, dec, path):
    """Loads the C++ bench's weights (strict: every name and shape) and inputs from `path`,
    and reports how far this module's outputs are from the C++ ones: the same
    architecture computes the same function, not merely the same parameter count."""
    from safetensors.torch import load_file

    t = load_file(path)
    for prefix, module in (("encoder.", enc), ("decoder.", dec)):
        module.load_state_dict({k[len(prefix):]: v for k, v in t.items() if k.startswith(prefix)}, strict=True)
    with torch.no_grad():
        loss = enc.caption_loss(t["input.images"], t["input.captions"]).item()
        ctx, mask = dec.conditioner(t["input.captions"])
        v = dec(t["input.x"], t["input.sigma"], ctx, mask)
    expected_v = t["expect.velocity"]
    print(json.dumps({"name": "check",
                      "encoder_loss": loss, "encoder_loss_cpp": t["expect.encoder_loss"].item(),
                      "velocity_max_abs_diff": (v - expected_v).abs().max().item(),
                      "velocity_max_abs": expected_v.abs().max().item()}), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    ap.add_argument("--check", help="safetensors of weights, inputs and C++ outputs: compare, then exit")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--group", type=int, default=8)
    ap.add_argument("--tokens", type=int, default=32)
    ap.add_argument("--caption-len", type=int, default=16)
    ap.add_argument("--ode-steps", type=int, default=10)
    ap.add_argument("--cfg", type=float, default=3.0)
    ap.add_argument("--iters", type=int, default=5)
    ap.add_argument("--sample-images", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    cfg = json.load(open(args.config))
    enc = Encoder(cfg["encoder"])
    dec = Decoder(cfg["decoder"])
    if args.check:
        check(enc, dec, args.check)
        return
    S = cfg["decoder"]["imageSize"]
    gen = torch.Generator().manual_seed(1)
    images = torch.rand(args.batch, 3, S, S, generator=gen) * 2 - 1
    caps = random_captions(args.batch, args.caption_len, cfg["encoder"]["lm"]["vocabSize"], gen)

    def emit(name, ms, params=None):
        print(json.dumps({"name": name, "ms": ms, "params": params}), flush=True)

    opt_e = torch.optim.Adam(enc.parameters(), lr=1e-4)

    def enc_step():
        opt_e.zero_grad(set_to_none=True)
        enc.caption_loss(images, caps).backward()
        opt_e.step()

    emit("encoder.train_step", timed(enc_step, args.iters), sum(p.numel() for p in enc.parameters()))
    simg = images[:args.sample_images]
    emit("encoder.sample_cached",
         timed(lambda: enc.sample(simg, args.group, args.tokens, 1.0, True), args.iters))
    emit("encoder.sample_uncached",
         timed(lambda: enc.sample(simg, args.group, args.tokens, 1.0, False), max(1, args.iters // 2), 1))

    trainable = [p for p in dec.parameters() if p.requires_grad]
    opt_d = torch.optim.Adam(trainable, lr=1e-4)

    def dec_step():
        opt_d.zero_grad(set_to_none=True)
        dec.flow_loss(images, caps, cfg["decoder"]["captionDropout"]).backward()
        opt_d.step()

    emit("decoder.train_step", timed(dec_step, args.iters), sum(p.numel() for p in trainable))
    noise = torch.randn(args.batch, 3, S, S, generator=gen)
    emit("decoder.sample_ode", timed(lambda: dec.sample_ode(caps, noise, args.ode_steps, args.cfg), args.iters))


if __name__ == "__main__":
    main()
