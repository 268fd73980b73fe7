<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>uae::CoreText</name>
    <message>
        <source>Judges</source>
        <translation>评判模型</translation>
    </message>
    <message>
        <source>Encoder SFT</source>
        <translation>编码器 SFT</translation>
    </message>
    <message>
        <source>Decoder pre-training</source>
        <translation>解码器预训练</translation>
    </message>
    <message>
        <source>Cold start</source>
        <translation>冷启动</translation>
    </message>
    <message>
        <source>G4U: generation for understanding</source>
        <translation>G4U：以生成促理解</translation>
    </message>
    <message>
        <source>U4G: understanding for generation</source>
        <translation>U4G：以理解促生成</translation>
    </message>
    <message>
        <source>Benchmarks</source>
        <translation>基准测试</translation>
    </message>
    <message>
        <source>optimisation steps of this stage</source>
        <translation>本阶段的优化步数</translation>
    </message>
    <message>
        <source>images per step</source>
        <translation>每步图像数</translation>
    </message>
    <message>
        <source>learning rate (AdamW)</source>
        <translation>学习率（AdamW）</translation>
    </message>
    <message>
        <source>steps between metric rows in the run store</source>
        <translation>运行存储中两条指标记录之间的步数</translation>
    </message>
    <message>
        <source>steps between probe snapshots (0: only at the end)</source>
        <translation>两次探针快照之间的步数（0：仅在结束时）</translation>
    </message>
    <message>
        <source>steps between checkpoints (a stop or the end always saves)</source>
        <translation>两次检查点之间的步数（停止或结束时总会保存）</translation>
    </message>
    <message>
        <source>strength of the embedder&apos;s augmentations</source>
        <translation>嵌入模型数据增强的强度</translation>
    </message>
    <message>
        <source>weight of minimal captions (the main object)</source>
        <translation>最简描述的权重（主要物体）</translation>
    </message>
    <message>
        <source>weight of short captions (colour and shape)</source>
        <translation>简短描述的权重（颜色和形状）</translation>
    </message>
    <message>
        <source>weight of medium captions (every attribute)</source>
        <translation>中等描述的权重（全部属性）</translation>
    </message>
    <message>
        <source>weight of full captions (attributes, counts, relations)</source>
        <translation>完整描述的权重（属性、数量、关系）</translation>
    </message>
    <message>
        <source>sampler steps run with gradients</source>
        <translation>带梯度运行的采样步数</translation>
    </message>
    <message>
        <source>classifier-free guidance scale</source>
        <translation>无分类器引导强度</translation>
    </message>
    <message>
        <source>image embedder of the semantic loss</source>
        <translation>语义损失所用的图像嵌入模型</translation>
    </message>
    <message>
        <source>captions sampled per image (G)</source>
        <translation>每张图像采样的描述数（G）</translation>
    </message>
    <message>
        <source>sampling temperature of the policy</source>
        <translation>策略的采样温度</translation>
    </message>
    <message>
        <source>nucleus sampling threshold</source>
        <translation>核采样阈值</translation>
    </message>
    <message>
        <source>PPO ratio clip range</source>
        <translation>PPO 比率裁剪范围</translation>
    </message>
    <message>
        <source>KL penalty weight to the stage&apos;s starting policy</source>
        <translation>相对于本阶段初始策略的 KL 惩罚权重</translation>
    </message>
    <message>
        <source>judges whose mean is the reward (comma list); keep one embedding judge out</source>
        <translation>以其平均值作为奖励的评判模型（逗号分隔）；至少留出一个嵌入评判模型</translation>
    </message>
    <message>
        <source>decoder ODE steps per reconstruction</source>
        <translation>每次重建的解码器 ODE 步数</translation>
    </message>
    <message>
        <source>classifier-free guidance of the reconstruction</source>
        <translation>重建时的无分类器引导</translation>
    </message>
    <message>
        <source>policy updates per batch of rollouts</source>
        <translation>每批轨迹的策略更新次数</translation>
    </message>
    <message>
        <source>noises sampled per caption (group)</source>
        <translation>每条描述采样的噪声数（组）</translation>
    </message>
    <message>
        <source>SDE noise level a</source>
        <translation>SDE 噪声水平 a</translation>
    </message>
    <message>
        <source>SDE sampler steps</source>
        <translation>SDE 采样步数</translation>
    </message>
    <message>
        <source>share of sampler steps trained (first ones)</source>
        <translation>参与训练的采样步比例（前面的步）</translation>
    </message>
    <message>
        <source>ratio clip range</source>
        <translation>比率裁剪范围</translation>
    </message>
    <message>
        <source>KL penalty weight</source>
        <translation>KL 惩罚权重</translation>
    </message>
    <message>
        <source>advantages clipped to +-adv_clip</source>
        <translation>优势值裁剪到 ±adv_clip</translation>
    </message>
    <message>
        <source>classifier-free guidance while sampling</source>
        <translation>采样时的无分类器引导</translation>
    </message>
    <message>
        <source>conditioning captions: the encoder&apos;s own, ground truth, or GenEval-style prompts</source>
        <translation>条件描述：编码器自己的、真实标注的，或 GenEval 风格的提示</translation>
    </message>
    <message>
        <source>held-out images of Unified-Bench-Shapes and Caption-Shapes</source>
        <translation>Unified-Bench-Shapes 与 Caption-Shapes 的留出图像数</translation>
    </message>
    <message>
        <source>seeds per GenEval-Shapes prompt</source>
        <translation>每个 GenEval-Shapes 提示的随机种子数</translation>
    </message>
    <message>
        <source>decoder ODE steps</source>
        <translation>解码器 ODE 步数</translation>
    </message>
    <message>
        <source>classifier-free guidance</source>
        <translation>无分类器引导</translation>
    </message>
    <message>
        <source>1 runs the benchmarks at the end, 0 skips that</source>
        <translation>1 表示在结束时运行基准测试，0 表示跳过</translation>
    </message>
    <message>
        <source>also benchmark after these stages (before/after numbers)</source>
        <translation>也在这些阶段之后运行基准测试（前后对比）</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Log every</source>
        <translation>记录间隔</translation>
    </message>
    <message>
        <source>Snapshot every</source>
        <translation>快照间隔</translation>
    </message>
    <message>
        <source>Checkpoint every</source>
        <translation>检查点间隔</translation>
    </message>
    <message>
        <source>Augmentation</source>
        <translation>数据增强</translation>
    </message>
    <message>
        <source>Minimal captions</source>
        <translation>最简描述</translation>
    </message>
    <message>
        <source>Short captions</source>
        <translation>简短描述</translation>
    </message>
    <message>
        <source>Medium captions</source>
        <translation>中等描述</translation>
    </message>
    <message>
        <source>Full captions</source>
        <translation>完整描述</translation>
    </message>
    <message>
        <source>Sampler steps</source>
        <translation>采样步数</translation>
    </message>
    <message>
        <source>CFG scale</source>
        <translation>CFG 强度</translation>
    </message>
    <message>
        <source>Judge</source>
        <translation>评判模型</translation>
    </message>
    <message>
        <source>Group size</source>
        <translation>组大小</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Clip ε</source>
        <translation>裁剪 ε</translation>
    </message>
    <message>
        <source>KL weight β</source>
        <translation>KL 权重 β</translation>
    </message>
    <message>
        <source>Reward judges</source>
        <translation>奖励评判模型</translation>
    </message>
    <message>
        <source>PPO epochs</source>
        <translation>PPO 轮数</translation>
    </message>
    <message>
        <source>Noise level</source>
        <translation>噪声水平</translation>
    </message>
    <message>
        <source>Trained fraction</source>
        <translation>训练比例</translation>
    </message>
    <message>
        <source>Clip range</source>
        <translation>裁剪范围</translation>
    </message>
    <message>
        <source>Advantage clip</source>
        <translation>优势裁剪</translation>
    </message>
    <message>
        <source>Captions</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像数</translation>
    </message>
    <message>
        <source>GenEval seeds</source>
        <translation>GenEval 种子数</translation>
    </message>
    <message>
        <source>Also after</source>
        <translation>同时在之后</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation>正在停止</translation>
    </message>
    <message>
        <source>Must be a whole number.</source>
        <translation>必须是整数。</translation>
    </message>
    <message>
        <source>Must be a number.</source>
        <translation>必须是数字。</translation>
    </message>
    <message>
        <source>Must be greater than %1.</source>
        <translation>必须大于 %1。</translation>
    </message>
    <message>
        <source>Must be at least %1.</source>
        <translation>必须至少为 %1。</translation>
    </message>
    <message>
        <source>Must be at most %1.</source>
        <translation>最多为 %1。</translation>
    </message>
    <message>
        <source>Must be one of: %1.</source>
        <translation>必须是以下之一：%1。</translation>
    </message>
    <message>
        <source>Keep at least one embedding judge (embedder or clip) out of the reward, so that reward hacking stays visible.</source>
        <translation>至少将一个嵌入评判模型（embedder 或 clip）排除在奖励之外，以便发现奖励作弊。</translation>
    </message>
    <message>
        <source>Use a comma list of: %1.</source>
        <translation>请使用以下各项的逗号分隔列表：%1。</translation>
    </message>
    <message>
        <source>weight of the grounding loss (shapes per cell and present), if the encoder has grounding heads</source>
        <translation>定位损失的权重（每个格子的形状与图中出现的形状），仅当编码器带有定位头时</translation>
    </message>
    <message>
        <source>Grounding weight</source>
        <translation>定位损失权重</translation>
    </message>
    <message>
        <source>extra weight of object pixels in the flow loss (Shapes scenes; 0 = plain mean)</source>
        <translation>流匹配损失中物体像素的额外权重（Shapes 场景；0 = 普通平均）</translation>
    </message>
    <message>
        <source>Object pixel weight</source>
        <translation>物体像素权重</translation>
    </message>
    <message>
        <source>weight of the flow loss&apos;s edge term (the error&apos;s differences between neighbouring pixels)</source>
        <translation>流匹配损失中边缘项的权重（误差在相邻像素之间的差分）</translation>
    </message>
    <message>
        <source>Edge weight</source>
        <translation>边缘权重</translation>
    </message>
    <message>
        <source>judges whose mean is the reward; &apos;alignment&apos;: the share of the caption&apos;s facts read in the image</source>
        <translation>以其平均值作为奖励的评判模型；“alignment”：图像中被识别出的描述事实所占比例</translation>
    </message>
    <message>
        <source>learning rate over the stage</source>
        <translation>本阶段的学习率变化</translation>
    </message>
    <message>
        <source>steps of linear warm-up (cosine schedule)</source>
        <translation>线性预热步数（余弦调度）</translation>
    </message>
    <message>
        <source>LR schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>Warm-up steps</source>
        <translation>预热步数</translation>
    </message>
</context>
<context>
    <name>uae::widgets::AboutDialog</name>
    <message>
        <source>About UAE Studio</source>
        <translation>关于 UAE Studio</translation>
    </message>
    <message>
        <source>&lt;h2&gt;UAE Studio %1&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;UAE Studio %1&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Train and explore unified multimodal models as auto-encoders:
understanding encodes an image into a caption, generation decodes it back.</source>
        <translation>将统一多模态模型作为自编码器进行训练和探索：
理解把图像编码成描述，生成再把描述解码回图像。</translation>
    </message>
    <message>
        <source>absent</source>
        <translation>不可用</translation>
    </message>
</context>
<context>
    <name>uae::widgets::ChartWidget</name>
    <message>
        <source>evaluated after the stage</source>
        <translation>在该阶段之后评估</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>%1 — step %2: %3</source>
        <translation>%1 — 第 %2 步：%3</translation>
    </message>
    <message>
        <source> (raw %1)</source>
        <translation>（原始值 %1）</translation>
    </message>
    <message>
        <source>No data for the runs shown</source>
        <translation>所显示的运行没有数据</translation>
    </message>
</context>
<context>
    <name>uae::widgets::ConfigCompareDialog</name>
    <message>
        <source>Compare run configs</source>
        <translation>比较运行配置</translation>
    </message>
    <message>
        <source>%1 settings, %2 differ (highlighted).</source>
        <translation>共 %1 项设置，其中 %2 项不同（已高亮）。</translation>
    </message>
    <message>
        <source>Only differences</source>
        <translation>仅显示差异</translation>
    </message>
</context>
<context>
    <name>uae::widgets::DashboardView</name>
    <message>
        <source>No benchmark results for the runs shown</source>
        <translation>所显示的运行没有基准结果</translation>
    </message>
    <message>
        <source>%1
step %2</source>
        <translation>%1
第 %2 步</translation>
    </message>
    <message>
        <source>Losses</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Reward (mean and spread)</source>
        <translation>奖励（均值与离散度）</translation>
    </message>
    <message>
        <source>KL to the reference policy</source>
        <translation>相对参考策略的 KL</translation>
    </message>
    <message>
        <source>Clip fraction</source>
        <translation>裁剪比例</translation>
    </message>
    <message>
        <source>Caption length (words)</source>
        <translation>描述长度（词）</translation>
    </message>
    <message>
        <source>Benchmark scores</source>
        <translation>基准得分</translation>
    </message>
    <message>
        <source>Other metrics</source>
        <translation>其他指标</translation>
    </message>
    <message>
        <source>Runs (check to overlay):</source>
        <translation>运行（勾选以叠加显示）：</translation>
    </message>
    <message>
        <source>Smoothing:</source>
        <translation>平滑：</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>对数刻度</translation>
    </message>
    <message>
        <source>Logarithmic value axis for the current chart</source>
        <translation>当前图表使用对数数值轴</translation>
    </message>
    <message>
        <source>Reset the zoom of the current chart (double-click)</source>
        <translation>重置当前图表的缩放（双击）</translation>
    </message>
    <message>
        <source>Save the current chart as PNG…</source>
        <translation>将当前图表保存为 PNG…</translation>
    </message>
    <message>
        <source>%1 · preset %2</source>
        <translation>%1 · 预设 %2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Could not save %1</source>
        <translation>无法保存 %1</translation>
    </message>
    <message>
        <source>Save chart as PNG</source>
        <translation>将图表保存为 PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
</context>
<context>
    <name>uae::widgets::DatasetView</name>
    <message>
        <source>Source:</source>
        <translation>来源：</translation>
    </message>
    <message>
        <source>Shapes world</source>
        <translation>Shapes 世界</translation>
    </message>
    <message>
        <source>Imported folder</source>
        <translation>导入的文件夹</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ 上一页</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>下一页 ▶</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>Max objects:</source>
        <translation>最多物体数：</translation>
    </message>
    <message>
        <source>Split:</source>
        <translation>数据划分：</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>尺寸：</translation>
    </message>
    <message>
        <source>From index:</source>
        <translation>起始索引：</translation>
    </message>
    <message>
        <source>a folder of images with .txt captions, or a .jsonl manifest</source>
        <translation>含 .txt 描述的图像文件夹，或 .jsonl 清单</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Captions</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Facts</source>
        <translation>事实</translation>
    </message>
    <message>
        <source>Open a folder of images with .txt captions, or a .jsonl manifest.</source>
        <translation>打开含 .txt 描述的图像文件夹，或 .jsonl 清单。</translation>
    </message>
    <message>
        <source>Shapes world, %1 split: scenes %2 to %3.</source>
        <translation>Shapes 世界，%1：场景 %2 至 %3。</translation>
    </message>
    <message>
        <source>Open an image folder</source>
        <translation>打开图像文件夹</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>%1: %2 items loaded, %3 skipped.</source>
        <translation>%1：已加载 %2 项，跳过 %3 项。</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>文件：%1</translation>
    </message>
    <message>
        <source>As the parser reads the caption (%1 words, %2 unknown):</source>
        <translation>解析器对该描述的理解（%1 个词，%2 个未知）：</translation>
    </message>
</context>
<context>
    <name>uae::widgets::ExportDialog</name>
    <message>
        <source>Export a checkpoint</source>
        <translation>导出检查点</translation>
    </message>
    <message>
        <source>Run:</source>
        <translation>运行：</translation>
    </message>
    <message>
        <source>Checkpoint:</source>
        <translation>检查点：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Checkpoint file:</source>
        <translation>检查点文件：</translation>
    </message>
    <message>
        <source>Output folder:</source>
        <translation>输出文件夹：</translation>
    </message>
    <message>
        <source>fp32 (float32, exact)</source>
        <translation>fp32（float32，精确）</translation>
    </message>
    <message>
        <source>bf16 (bfloat16, half the size)</source>
        <translation>bf16（bfloat16，体积减半）</translation>
    </message>
    <message>
        <source>fp16 (float16, half the size)</source>
        <translation>fp16（float16，体积减半）</translation>
    </message>
    <message>
        <source>Precision:</source>
        <translation>精度：</translation>
    </message>
    <message>
        <source>derived from the run and stage</source>
        <translation>由运行和阶段自动生成</translation>
    </message>
    <message>
        <source>Model name:</source>
        <translation>模型名称：</translation>
    </message>
    <message>
        <source>One paragraph for the model card (optional).</source>
        <translation>模型卡中的一段说明（可选）。</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>说明：</translation>
    </message>
    <message>
        <source>The folder will hold model.safetensors, config.json, tokenizer.json and README.md (a model card), loadable with the Python safetensors package and plain PyTorch.</source>
        <translation>该文件夹将包含 model.safetensors、config.json、tokenizer.json 和 README.md（模型卡），可用 Python 的 safetensors 包和普通 PyTorch 加载。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Checkpoint file</source>
        <translation>检查点文件</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <source>%1 · step %2 (%3)</source>
        <translation>%1 · 第 %2 步（%3）</translation>
    </message>
    <message>
        <source>Cannot read the checkpoint: %1</source>
        <translation>无法读取检查点：%1</translation>
    </message>
    <message>
        <source>%1 · step %2 · %3 parameters · modules: %4 · %5</source>
        <translation>%1 · 第 %2 步 · %3 个参数 · 模块：%4 · %5</translation>
    </message>
    <message>
        <source>Choose a checkpoint and an output folder.</source>
        <translation>请选择检查点和输出文件夹。</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <source>Exported to %1
%2 tensors, %3 values, model.safetensors %4

Files:</source>
        <translation>已导出到 %1
%2 个张量，%3 个数值，model.safetensors %4

文件：</translation>
    </message>
</context>
<context>
    <name>uae::widgets::InferenceWorker</name>
    <message>
        <source>No checkpoint is loaded.</source>
        <translation>尚未加载检查点。</translation>
    </message>
    <message>
        <source>%1 · step %2 · run %3 · %4 px</source>
        <translation>%1 · 第 %2 步 · 运行 %3 · %4 像素</translation>
    </message>
    <message>
        <source>load</source>
        <translation>加载</translation>
    </message>
    <message>
        <source>caption</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>reconstruct</source>
        <translation>重建</translation>
    </message>
</context>
<context>
    <name>uae::widgets::InspectorView</name>
    <message>
        <source>Run:</source>
        <translation>运行：</translation>
    </message>
    <message>
        <source>Play through the snapshots (Space)</source>
        <translation>依次播放快照（空格键）</translation>
    </message>
    <message>
        <source>Keys: ←/→ previous/next snapshot · Home/End first/last · ↑/↓ probe · Space play</source>
        <translation>按键：←/→ 上一个/下一个快照 · Home/End 第一个/最后一个 · ↑/↓ 探针 · 空格 播放</translation>
    </message>
    <message>
        <source>No run</source>
        <translation>无运行</translation>
    </message>
    <message>
        <source>No snapshots yet</source>
        <translation>暂无快照</translation>
    </message>
    <message>
        <source>Mean similarity %1</source>
        <translation>平均相似度 %1</translation>
    </message>
    <message>
        <source>No similarity recorded</source>
        <translation>未记录相似度</translation>
    </message>
    <message>
        <source>%1 words gained since the previous snapshot</source>
        <translation>自上一个快照以来新增 %1 个词</translation>
    </message>
    <message>
        <source>%1 · step %2 (%3 of %4)</source>
        <translation>%1 · 第 %2 步（第 %3 个，共 %4 个）</translation>
    </message>
</context>
<context>
    <name>uae::widgets::LatencyProbe</name>
    <message>
        <source>p50 %1 ms · p99 %2 ms · max %3 ms (%4 samples)</source>
        <translation>p50 %1 毫秒 · p99 %2 毫秒 · 最大 %3 毫秒（%4 个样本）</translation>
    </message>
</context>
<context>
    <name>uae::widgets::MainWindow</name>
    <message>
        <source>Dashboard</source>
        <translation>仪表板</translation>
    </message>
    <message>
        <source>UAE Studio</source>
        <translation>UAE Studio</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>检查器</translation>
    </message>
    <message>
        <source>Playground</source>
        <translation>试验场</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>流水线</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About UAE Studio</source>
        <translation>关于 UAE Studio(&amp;A)</translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation>设备：%1</translation>
    </message>
    <message>
        <source>Device: unavailable (%1)</source>
        <translation>设备：不可用（%1）</translation>
    </message>
    <message>
        <source>UAE Studio — %1</source>
        <translation>UAE Studio — %1</translation>
    </message>
    <message>
        <source>Run %1 ended. Event-loop latency while it trained: %2</source>
        <translation>运行 %1 已结束。训练期间事件循环延迟：%2</translation>
    </message>
    <message>
        <source>Cannot open the workspace %1: %2</source>
        <translation>无法打开工作区 %1：%2</translation>
    </message>
    <message>
        <source>Open a workspace</source>
        <translation>打开工作区</translation>
    </message>
    <message>
        <source>Stop the run in progress first.</source>
        <translation>请先停止正在进行的运行。</translation>
    </message>
    <message>
        <source>&amp;Open workspace…</source>
        <translation>打开工作区(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Load pipeline config…</source>
        <translation>加载流水线配置(&amp;L)…</translation>
    </message>
    <message>
        <source>Load pipeline config</source>
        <translation>加载流水线配置</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>&amp;Save pipeline config…</source>
        <translation>保存流水线配置(&amp;S)…</translation>
    </message>
    <message>
        <source>Save pipeline config</source>
        <translation>保存流水线配置</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>&amp;Export checkpoint…</source>
        <translation>导出检查点(&amp;E)…</translation>
    </message>
    <message>
        <source>Save current &amp;chart as PNG…</source>
        <translation>将当前图表保存为 PNG(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Resume an &amp;interrupted run…</source>
        <translation>继续已中断的运行(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation>语言将在下次启动时更改。</translation>
    </message>
    <message>
        <source>Event-loop &amp;latency</source>
        <translation>事件循环延迟(&amp;L)</translation>
    </message>
    <message>
        <source>Event-loop latency</source>
        <translation>事件循环延迟</translation>
    </message>
    <message>
        <source>How late the interface&apos;s event loop ran a 10 ms timer since the last run started (or since launch):
%1</source>
        <translation>自上次运行开始（或程序启动）以来，界面事件循环执行 10 毫秒定时器的延迟：
%1</translation>
    </message>
    <message>
        <source>Resume run %1</source>
        <translation>继续运行 %1</translation>
    </message>
    <message>
        <source>Resuming run %1 from its latest checkpoint…</source>
        <translation>正在从最新检查点继续运行 %1…</translation>
    </message>
    <message>
        <source>Run %1 (&quot;%2&quot;) was interrupted: %3

Resume it from its latest checkpoint?</source>
        <translation>运行 %1（“%2”）已中断：%3

要从其最新检查点继续吗？</translation>
    </message>
    <message>
        <source>%1 more interrupted runs are listed in the runs browser.</source>
        <translation>另有 %1 个已中断的运行列在运行浏览器中。</translation>
    </message>
    <message>
        <source>Resume an interrupted run</source>
        <translation>继续已中断的运行</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>A run is training</source>
        <translation>有运行正在训练</translation>
    </message>
    <message>
        <source>Run %1 is still training. Stop it and save a checkpoint before quitting? It can be resumed later from the runs browser or with `uae resume`.</source>
        <translation>运行 %1 仍在训练。退出前停止它并保存检查点吗？之后可在运行浏览器中或用 `uae resume` 继续。</translation>
    </message>
    <message>
        <source>Stop and save</source>
        <translation>停止并保存</translation>
    </message>
    <message>
        <source>Stopping: saving a checkpoint before quitting…</source>
        <translation>正在停止：退出前保存检查点…</translation>
    </message>
</context>
<context>
    <name>uae::widgets::PipelinePanel</name>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Tiny (tests, a minute or two)</source>
        <translation>微型（测试用，一两分钟）</translation>
    </message>
    <message>
        <source>CPU demo (under 30 minutes on 2 cores)</source>
        <translation>CPU 演示（2 核不到 30 分钟）</translation>
    </message>
    <message>
        <source>GPU (one H100 / H200)</source>
        <translation>GPU（一块 H100 / H200）</translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation>预设：</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>Processes:</source>
        <translation>进程数：</translation>
    </message>
    <message>
        <source>Worker processes of one data-parallel run (torch.distributed): each takes its share of every batch. 1 trains inside this window.</source>
        <translation>一次数据并行训练（torch.distributed）的工作进程：每个进程处理每个批次中属于自己的一份。1 表示在本窗口内训练。</translation>
    </message>
    <message>
        <source>Stages (the queue, in pipeline order):</source>
        <translation>阶段（队列，按流水线顺序）：</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>Start a new run with the checked stages (Ctrl+Return)</source>
        <translation>用勾选的阶段开始新运行（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Pause after the current step (Ctrl+Shift+P)</source>
        <translation>在当前步骤后暂停（Ctrl+Shift+P）</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>Continue a paused run (Ctrl+Shift+R)</source>
        <translation>继续已暂停的运行（Ctrl+Shift+R）</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop gracefully: finish the step, save a checkpoint (Ctrl+.)</source>
        <translation>平稳停止：完成当前步骤并保存检查点（Ctrl+.）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Settings of %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1 的设置&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Preset &quot;%1&quot; loaded.</source>
        <translation>已加载预设“%1”。</translation>
    </message>
    <message>
        <source>Check at least one stage.</source>
        <translation>请至少勾选一个阶段。</translation>
    </message>
    <message>
        <source>Cannot start:
%1</source>
        <translation>无法开始：
%1</translation>
    </message>
    <message>
        <source>Cannot start: %1</source>
        <translation>无法开始：%1</translation>
    </message>
    <message>
        <source>Run %1 started.</source>
        <translation>运行 %1 已开始。</translation>
    </message>
    <message>
        <source>Pausing after the current step…</source>
        <translation>将在当前步骤后暂停…</translation>
    </message>
    <message>
        <source>Resumed.</source>
        <translation>已继续。</translation>
    </message>
    <message>
        <source>Stopping: the current step finishes and a checkpoint is saved…</source>
        <translation>正在停止：完成当前步骤并保存检查点…</translation>
    </message>
    <message>
        <source>Run %1 finished.</source>
        <translation>运行 %1 已完成。</translation>
    </message>
    <message>
        <source>Run %1 stopped and saved; resume it from the runs browser.</source>
        <translation>运行 %1 已停止并保存；可在运行浏览器中继续。</translation>
    </message>
    <message>
        <source>Run %1 failed: %2</source>
        <translation>运行 %1 失败：%2</translation>
    </message>
    <message>
        <source>Loaded %1.</source>
        <translation>已加载 %1。</translation>
    </message>
</context>
<context>
    <name>uae::widgets::PlaygroundView</name>
    <message>
        <source>Run:</source>
        <translation>运行：</translation>
    </message>
    <message>
        <source>Checkpoint:</source>
        <translation>检查点：</translation>
    </message>
    <message>
        <source>Open file…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <source>No checkpoint loaded</source>
        <translation>未加载检查点</translation>
    </message>
    <message>
        <source>Understand, then reconstruct</source>
        <translation>先理解，再重建</translation>
    </message>
    <message>
        <source>Drop an image here
or open one</source>
        <translation>将图像拖放到此处
或打开一张</translation>
    </message>
    <message>
        <source>Reconstruction</source>
        <translation>重建</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原图</translation>
    </message>
    <message>
        <source>Open image…</source>
        <translation>打开图像…</translation>
    </message>
    <message>
        <source>Random scene</source>
        <translation>随机场景</translation>
    </message>
    <message>
        <source>Caption and reconstruct</source>
        <translation>描述并重建</translation>
    </message>
    <message>
        <source>Edit this caption →</source>
        <translation>编辑此描述 →</translation>
    </message>
    <message>
        <source>Generate from a caption</source>
        <translation>根据描述生成</translation>
    </message>
    <message>
        <source>a large red circle at the top left and a small blue square in the centre</source>
        <translation>a large red circle at the top left and a small blue square in the centre（描述使用英文）</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>Sampler steps:</source>
        <translation>采样步数：</translation>
    </message>
    <message>
        <source>CFG scale:</source>
        <translation>CFG 强度：</translation>
    </message>
    <message>
        <source>Caption sampling temperature (0: greedy)</source>
        <translation>描述采样温度（0：贪心）</translation>
    </message>
    <message>
        <source>Caption temperature:</source>
        <translation>描述温度：</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Generated image</source>
        <translation>生成的图像</translation>
    </message>
    <message>
        <source>Loaded: %1</source>
        <translation>已加载：%1</translation>
    </message>
    <message>
        <source>Checkpoint loaded.</source>
        <translation>检查点已加载。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Caption:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;描述：&lt;/b&gt;%1</translation>
    </message>
    <message>
        <source>Similarity: — (no embedding judge)</source>
        <translation>相似度：—（无嵌入评判模型）</translation>
    </message>
    <message>
        <source>Similarity: %1</source>
        <translation>相似度：%1</translation>
    </message>
    <message>
        <source>load</source>
        <translation>加载</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
    <message>
        <source>%1 · step %2 (%3)</source>
        <translation>%1 · 第 %2 步（%3）</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>Open a checkpoint</source>
        <translation>打开检查点</translation>
    </message>
    <message>
        <source>Checkpoints (*.uaeckpt *.ckpt *.pt);;All files (*)</source>
        <translation>检查点 (*.uaeckpt *.ckpt *.pt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open an image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>Images (%1)</source>
        <translation>图像 (%1)</translation>
    </message>
    <message>
        <source>%1 is not an image Qt can read.</source>
        <translation>%1 不是 Qt 可读取的图像。</translation>
    </message>
    <message>
        <source>Ground truth: %1</source>
        <translation>真实描述：%1</translation>
    </message>
    <message>
        <source>Open, drop or draw an image first.</source>
        <translation>请先打开、拖入或生成一张图像。</translation>
    </message>
    <message>
        <source>Captioning and reconstructing…</source>
        <translation>正在描述并重建…</translation>
    </message>
    <message>
        <source>Type a caption first.</source>
        <translation>请先输入描述。</translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <source>The dropped item is not an image.</source>
        <translation>拖入的项目不是图像。</translation>
    </message>
</context>
<context>
    <name>uae::widgets::ProbeCard</name>
    <message>
        <source>Probe %1</source>
        <translation>探针 %1</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Reconstruction</source>
        <translation>重建</translation>
    </message>
    <message>
        <source>no snapshot</source>
        <translation>无快照</translation>
    </message>
    <message>
        <source>no image</source>
        <translation>无图像</translation>
    </message>
    <message>
        <source>&lt;i&gt;(empty caption)&lt;/i&gt;</source>
        <translation>&lt;i&gt;（空描述）&lt;/i&gt;</translation>
    </message>
    <message>
        <source>similarity %1</source>
        <translation>相似度 %1</translation>
    </message>
    <message>
        <source>similarity —</source>
        <translation>相似度 —</translation>
    </message>
    <message numerus="yes">
        <source>+%n word(s)</source>
        <translation>
            <numerusform>+%n 个词</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;i&gt;no snapshot yet&lt;/i&gt;</source>
        <translation>&lt;i&gt;暂无快照&lt;/i&gt;</translation>
    </message>
</context>
<context>
    <name>uae::widgets::RunsTableModel</name>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
</context>
<context>
    <name>uae::widgets::RunsView</name>
    <message>
        <source>Filter:</source>
        <translation>筛选：</translation>
    </message>
    <message>
        <source>name contains…</source>
        <translation>名称包含…</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>所有状态</translation>
    </message>
    <message>
        <source>All presets</source>
        <translation>所有预设</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Compare configs</source>
        <translation>比较配置</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Stages</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Config</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Checkpoints</source>
        <translation>检查点</translation>
    </message>
    <message>
        <source>Benchmark</source>
        <translation>基准</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Benchmarks</source>
        <translation>基准测试</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Run %1 renamed.</source>
        <translation>运行 %1 已重命名。</translation>
    </message>
    <message>
        <source>Delete run</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <source>Delete run %1 (&quot;%2&quot;) with all its metrics, snapshots and checkpoints? This cannot be undone.</source>
        <translation>删除运行 %1（“%2”）及其所有指标、快照和检查点？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Cannot delete run %1: %2</source>
        <translation>无法删除运行 %1：%2</translation>
    </message>
    <message>
        <source>Run %1 deleted.</source>
        <translation>运行 %1 已删除。</translation>
    </message>
</context>
<context>
    <name>uae::widgets::StatusPanel</name>
    <message>
        <source>No run</source>
        <translation>无运行</translation>
    </message>
    <message>
        <source>Run %1 starting on %2…</source>
        <translation>运行 %1 正在 %2 上启动…</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Run %1: %2</source>
        <translation>运行 %1：%2</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>Memory: %1</source>
        <translation>内存：%1</translation>
    </message>
    <message>
        <source>Run %1 · %2 (%3/%4) · step %5 / %6</source>
        <translation>运行 %1 · %2（%3/%4）· 第 %5 / %6 步</translation>
    </message>
    <message>
        <source>%1 steps/s</source>
        <translation>%1 步/秒</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>剩余 %1</translation>
    </message>
</context>
</TS>
