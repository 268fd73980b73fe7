<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>uae::widgets::AboutDialog</name>
    <message>
        <source>About UAE Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;UAE Studio %1&lt;/h2&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train and explore unified multimodal models as auto-encoders:
understanding encodes an image into a caption, generation decodes it back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>absent</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>uae::widgets::MainWindow</name>
    <message>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live charts of losses, reward mean and spread, KL, clip fraction, caption length and benchmark scores, with smoothing, log axis, zoom and several runs overlaid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UAE Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The probe images, each as original | caption | reconstruction, scrubbable over training snapshots; words a caption gained are highlighted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playground</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open or drop an image to caption and reconstruct it; edit a caption to generate an image, with seed, steps and CFG.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every run of the workspace: filter, compare configs, rename, delete, resume an interrupted run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse the Shapes world or an imported image folder with captions and facts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stages (judges, encoder SFT, decoder pre-training, cold start, G4U, U4G, benchmarks) with status, settings and presets; Start, Pause, Resume and Stop; a queue of stages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About UAE Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device: unavailable (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No run</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>uae::widgets::PlaceholderView</name>
    <message>
        <source>Empty view: this area is planned and not built yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
