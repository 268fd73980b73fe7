<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
理解把图像编码为描述，生成再把描述解码回图像。</translation>
    </message>
    <message>
        <source>absent</source>
        <translation>缺失</translation>
    </message>
</context>
<context>
    <name>uae::widgets::MainWindow</name>
    <message>
        <source>Dashboard</source>
        <translation>仪表板</translation>
    </message>
    <message>
        <source>Live charts of losses, reward mean and spread, KL, clip fraction, caption length and benchmark scores, with smoothing, log axis, zoom and several runs overlaid.</source>
        <translation>实时图表：损失、奖励均值与离散度、KL、裁剪比例、描述长度和基准分数，支持平滑、对数坐标、缩放以及多次运行叠加。</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>value</source>
        <translation>数值</translation>
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
        <source>The probe images, each as original | caption | reconstruction, scrubbable over training snapshots; words a caption gained are highlighted.</source>
        <translation>探针图像，每张显示为 原图 | 描述 | 重建，可在训练快照间拖动浏览；描述中新增的词会高亮显示。</translation>
    </message>
    <message>
        <source>Playground</source>
        <translation>试验场</translation>
    </message>
    <message>
        <source>Open or drop an image to caption and reconstruct it; edit a caption to generate an image, with seed, steps and CFG.</source>
        <translation>打开或拖入一张图像以生成描述并重建；编辑描述以生成图像，可设置种子、步数和 CFG。</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Every run of the workspace: filter, compare configs, rename, delete, resume an interrupted run.</source>
        <translation>工作区中的所有运行：筛选、比较配置、重命名、删除、恢复中断的运行。</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Browse the Shapes world or an imported image folder with captions and facts.</source>
        <translation>浏览 Shapes 世界或导入的图像文件夹，包括描述和事实。</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>流水线</translation>
    </message>
    <message>
        <source>The stages (judges, encoder SFT, decoder pre-training, cold start, G4U, U4G, benchmarks) with status, settings and presets; Start, Pause, Resume and Stop; a queue of stages.</source>
        <translation>各阶段（评判模型、编码器 SFT、解码器预训练、冷启动、G4U、U4G、基准测试）及其状态、设置和预设；开始、暂停、继续和停止；阶段队列。</translation>
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
        <source>No run</source>
        <translation>无运行</translation>
    </message>
</context>
<context>
    <name>uae::widgets::PlaceholderView</name>
    <message>
        <source>Empty view: this area is planned and not built yet.</source>
        <translation>空视图：此区域已规划，尚未实现。</translation>
    </message>
</context>
</TS>