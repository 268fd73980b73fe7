<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>uae::CoreText</name>
    <message>
        <source>Judges</source>
        <translation>Bewerter</translation>
    </message>
    <message>
        <source>Encoder SFT</source>
        <translation>Encoder-SFT</translation>
    </message>
    <message>
        <source>Decoder pre-training</source>
        <translation>Decoder-Vortraining</translation>
    </message>
    <message>
        <source>Cold start</source>
        <translation>Kaltstart</translation>
    </message>
    <message>
        <source>G4U: generation for understanding</source>
        <translation>G4U: Generierung für das Verstehen</translation>
    </message>
    <message>
        <source>U4G: understanding for generation</source>
        <translation>U4G: Verstehen für die Generierung</translation>
    </message>
    <message>
        <source>Benchmarks</source>
        <translation>Benchmarks</translation>
    </message>
    <message>
        <source>optimisation steps of this stage</source>
        <translation>Optimierungsschritte dieser Stufe</translation>
    </message>
    <message>
        <source>images per step</source>
        <translation>Bilder pro Schritt</translation>
    </message>
    <message>
        <source>learning rate (AdamW)</source>
        <translation>Lernrate (AdamW)</translation>
    </message>
    <message>
        <source>steps between metric rows in the run store</source>
        <translation>Schritte zwischen Metrikzeilen im Laufspeicher</translation>
    </message>
    <message>
        <source>steps between probe snapshots (0: only at the end)</source>
        <translation>Schritte zwischen Probe-Schnappschüssen (0: nur am Ende)</translation>
    </message>
    <message>
        <source>steps between checkpoints (a stop or the end always saves)</source>
        <translation>Schritte zwischen Checkpoints (ein Stopp oder das Ende speichert immer)</translation>
    </message>
    <message>
        <source>strength of the embedder&apos;s augmentations</source>
        <translation>Stärke der Augmentierungen des Embedders</translation>
    </message>
    <message>
        <source>weight of minimal captions (the main object)</source>
        <translation>Gewicht minimaler Beschreibungen (das Hauptobjekt)</translation>
    </message>
    <message>
        <source>weight of short captions (colour and shape)</source>
        <translation>Gewicht kurzer Beschreibungen (Farbe und Form)</translation>
    </message>
    <message>
        <source>weight of medium captions (every attribute)</source>
        <translation>Gewicht mittlerer Beschreibungen (alle Attribute)</translation>
    </message>
    <message>
        <source>weight of full captions (attributes, counts, relations)</source>
        <translation>Gewicht vollständiger Beschreibungen (Attribute, Anzahlen, Relationen)</translation>
    </message>
    <message>
        <source>sampler steps run with gradients</source>
        <translation>Sampler-Schritte mit Gradienten</translation>
    </message>
    <message>
        <source>classifier-free guidance scale</source>
        <translation>Stärke der klassifikatorfreien Führung</translation>
    </message>
    <message>
        <source>image embedder of the semantic loss</source>
        <translation>Bild-Embedder des semantischen Verlusts</translation>
    </message>
    <message>
        <source>captions sampled per image (G)</source>
        <translation>pro Bild gesampelte Beschreibungen (G)</translation>
    </message>
    <message>
        <source>sampling temperature of the policy</source>
        <translation>Sampling-Temperatur der Policy</translation>
    </message>
    <message>
        <source>nucleus sampling threshold</source>
        <translation>Schwelle des Nucleus-Samplings</translation>
    </message>
    <message>
        <source>PPO ratio clip range</source>
        <translation>PPO-Clipbereich des Verhältnisses</translation>
    </message>
    <message>
        <source>KL penalty weight to the stage&apos;s starting policy</source>
        <translation>Gewicht der KL-Strafe zur Start-Policy der Stufe</translation>
    </message>
    <message>
        <source>judges whose mean is the reward (comma list); keep one embedding judge out</source>
        <translation>Bewerter, deren Mittel die Belohnung ist (Kommaliste); einen Embedding-Bewerter außen vor lassen</translation>
    </message>
    <message>
        <source>decoder ODE steps per reconstruction</source>
        <translation>Decoder-ODE-Schritte pro Rekonstruktion</translation>
    </message>
    <message>
        <source>classifier-free guidance of the reconstruction</source>
        <translation>klassifikatorfreie Führung der Rekonstruktion</translation>
    </message>
    <message>
        <source>policy updates per batch of rollouts</source>
        <translation>Policy-Updates pro Rollout-Batch</translation>
    </message>
    <message>
        <source>noises sampled per caption (group)</source>
        <translation>pro Beschreibung gesampelte Rauschen (Gruppe)</translation>
    </message>
    <message>
        <source>SDE noise level a</source>
        <translation>SDE-Rauschniveau a</translation>
    </message>
    <message>
        <source>SDE sampler steps</source>
        <translation>Schritte des SDE-Samplers</translation>
    </message>
    <message>
        <source>share of sampler steps trained (first ones)</source>
        <translation>Anteil trainierter Sampler-Schritte (die ersten)</translation>
    </message>
    <message>
        <source>ratio clip range</source>
        <translation>Clipbereich des Verhältnisses</translation>
    </message>
    <message>
        <source>KL penalty weight</source>
        <translation>Gewicht der KL-Strafe</translation>
    </message>
    <message>
        <source>advantages clipped to +-adv_clip</source>
        <translation>Vorteile auf ±adv_clip begrenzt</translation>
    </message>
    <message>
        <source>classifier-free guidance while sampling</source>
        <translation>klassifikatorfreie Führung beim Sampling</translation>
    </message>
    <message>
        <source>conditioning captions: the encoder&apos;s own, ground truth, or GenEval-style prompts</source>
        <translation>Konditionierende Beschreibungen: die des Encoders, Ground Truth oder Prompts im GenEval-Stil</translation>
    </message>
    <message>
        <source>held-out images of Unified-Bench-Shapes and Caption-Shapes</source>
        <translation>zurückgehaltene Bilder für Unified-Bench-Shapes und Caption-Shapes</translation>
    </message>
    <message>
        <source>seeds per GenEval-Shapes prompt</source>
        <translation>Seeds pro GenEval-Shapes-Prompt</translation>
    </message>
    <message>
        <source>decoder ODE steps</source>
        <translation>Decoder-ODE-Schritte</translation>
    </message>
    <message>
        <source>classifier-free guidance</source>
        <translation>klassifikatorfreie Führung</translation>
    </message>
    <message>
        <source>1 runs the benchmarks at the end, 0 skips that</source>
        <translation>1 führt die Benchmarks am Ende aus, 0 überspringt sie</translation>
    </message>
    <message>
        <source>also benchmark after these stages (before/after numbers)</source>
        <translation>auch nach diesen Stufen benchmarken (Vorher-/Nachher-Werte)</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>Batchgröße</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>Log every</source>
        <translation>Protokollieren alle</translation>
    </message>
    <message>
        <source>Snapshot every</source>
        <translation>Schnappschuss alle</translation>
    </message>
    <message>
        <source>Checkpoint every</source>
        <translation>Checkpoint alle</translation>
    </message>
    <message>
        <source>Augmentation</source>
        <translation>Augmentierung</translation>
    </message>
    <message>
        <source>Minimal captions</source>
        <translation>Minimale Beschreibungen</translation>
    </message>
    <message>
        <source>Short captions</source>
        <translation>Kurze Beschreibungen</translation>
    </message>
    <message>
        <source>Medium captions</source>
        <translation>Mittlere Beschreibungen</translation>
    </message>
    <message>
        <source>Full captions</source>
        <translation>Vollständige Beschreibungen</translation>
    </message>
    <message>
        <source>Sampler steps</source>
        <translation>Sampler-Schritte</translation>
    </message>
    <message>
        <source>CFG scale</source>
        <translation>CFG-Stärke</translation>
    </message>
    <message>
        <source>Judge</source>
        <translation>Bewerter</translation>
    </message>
    <message>
        <source>Group size</source>
        <translation>Gruppengröße</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Clip ε</source>
        <translation>Clip ε</translation>
    </message>
    <message>
        <source>KL weight β</source>
        <translation>KL-Gewicht β</translation>
    </message>
    <message>
        <source>Reward judges</source>
        <translation>Belohnungs-Bewerter</translation>
    </message>
    <message>
        <source>PPO epochs</source>
        <translation>PPO-Epochen</translation>
    </message>
    <message>
        <source>Noise level</source>
        <translation>Rauschniveau</translation>
    </message>
    <message>
        <source>Trained fraction</source>
        <translation>Trainierter Anteil</translation>
    </message>
    <message>
        <source>Clip range</source>
        <translation>Clipbereich</translation>
    </message>
    <message>
        <source>Advantage clip</source>
        <translation>Vorteils-Clip</translation>
    </message>
    <message>
        <source>Captions</source>
        <translation>Beschreibungen</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>GenEval seeds</source>
        <translation>GenEval-Seeds</translation>
    </message>
    <message>
        <source>Also after</source>
        <translation>Auch nach</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>Unterbrochen</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation>Wird gestoppt</translation>
    </message>
    <message>
        <source>Must be a whole number.</source>
        <translation>Muss eine ganze Zahl sein.</translation>
    </message>
    <message>
        <source>Must be a number.</source>
        <translation>Muss eine Zahl sein.</translation>
    </message>
    <message>
        <source>Must be greater than %1.</source>
        <translation>Muss größer als %1 sein.</translation>
    </message>
    <message>
        <source>Must be at least %1.</source>
        <translation>Muss mindestens %1 sein.</translation>
    </message>
    <message>
        <source>Must be at most %1.</source>
        <translation>Darf höchstens %1 sein.</translation>
    </message>
    <message>
        <source>Must be one of: %1.</source>
        <translation>Muss eines von diesen sein: %1.</translation>
    </message>
    <message>
        <source>Keep at least one embedding judge (embedder or clip) out of the reward, so that reward hacking stays visible.</source>
        <translation>Mindestens einen Embedding-Bewerter (embedder oder clip) aus der Belohnung heraushalten, damit Reward Hacking sichtbar bleibt.</translation>
    </message>
    <message>
        <source>Use a comma list of: %1.</source>
        <translation>Eine Kommaliste aus diesen verwenden: %1.</translation>
    </message>
    <message>
        <source>weight of the grounding loss (shapes per cell and present), if the encoder has grounding heads</source>
        <translation>Gewicht des Grounding-Verlusts (Formen je Zelle und vorhandene Formen), falls der Encoder Grounding-Köpfe hat</translation>
    </message>
    <message>
        <source>Grounding weight</source>
        <translation>Grounding-Gewicht</translation>
    </message>
    <message>
        <source>extra weight of object pixels in the flow loss (Shapes scenes; 0 = plain mean)</source>
        <translation>Zusätzliches Gewicht der Objektpixel im Flow-Verlust (Shapes-Szenen; 0 = einfacher Mittelwert)</translation>
    </message>
    <message>
        <source>Object pixel weight</source>
        <translation>Gewicht der Objektpixel</translation>
    </message>
    <message>
        <source>weight of the flow loss&apos;s edge term (the error&apos;s differences between neighbouring pixels)</source>
        <translation>Gewicht des Kantenterms im Flow-Verlust (die Differenzen des Fehlers zwischen benachbarten Pixeln)</translation>
    </message>
    <message>
        <source>Edge weight</source>
        <translation>Kantengewicht</translation>
    </message>
    <message>
        <source>judges whose mean is the reward; &apos;alignment&apos;: the share of the caption&apos;s facts read in the image</source>
        <translation>Bewerter, deren Mittel die Belohnung ist; „alignment“: der Anteil der Fakten der Bildunterschrift, die im Bild erkannt werden</translation>
    </message>
    <message>
        <source>learning rate over the stage</source>
        <translation>Lernrate über die Stufe</translation>
    </message>
    <message>
        <source>steps of linear warm-up (cosine schedule)</source>
        <translation>Schritte des linearen Aufwärmens (Kosinus-Verlauf)</translation>
    </message>
    <message>
        <source>LR schedule</source>
        <translation>Lernraten-Verlauf</translation>
    </message>
    <message>
        <source>Warm-up steps</source>
        <translation>Aufwärmschritte</translation>
    </message>
</context>
<context>
    <name>uae::widgets::AboutDialog</name>
    <message>
        <source>About UAE Studio</source>
        <translation>Über UAE Studio</translation>
    </message>
    <message>
        <source>&lt;h2&gt;UAE Studio %1&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;UAE Studio %1&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Train and explore unified multimodal models as auto-encoders:
understanding encodes an image into a caption, generation decodes it back.</source>
        <translation>Einheitliche multimodale Modelle als Autoencoder trainieren und erkunden:
Das Verstehen kodiert ein Bild in eine Bildbeschreibung, die Generierung dekodiert sie zurück.</translation>
    </message>
    <message>
        <source>absent</source>
        <translation>nicht vorhanden</translation>
    </message>
</context>
<context>
    <name>uae::widgets::ChartWidget</name>
    <message>
        <source>evaluated after the stage</source>
        <translation>ausgewertet nach der Stufe</translation>
    </message>
    <message>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>%1 — step %2: %3</source>
        <translation>%1 — Schritt %2: %3</translation>
    </message>
    <message>
        <source> (raw %1)</source>
        <translation> (roh %1)</translation>
    </message>
    <message>
        <source>No data for the runs shown</source>
        <translation>Keine Daten für die angezeigten Läufe</translation>
    </message>
</context>
<context>
    <name>uae::widgets::ConfigCompareDialog</name>
    <message>
        <source>Compare run configs</source>
        <translation>Laufkonfigurationen vergleichen</translation>
    </message>
    <message>
        <source>%1 settings, %2 differ (highlighted).</source>
        <translation>%1 Einstellungen, %2 unterscheiden sich (hervorgehoben).</translation>
    </message>
    <message>
        <source>Only differences</source>
        <translation>Nur Unterschiede</translation>
    </message>
</context>
<context>
    <name>uae::widgets::DashboardView</name>
    <message>
        <source>No benchmark results for the runs shown</source>
        <translation>Keine Benchmark-Ergebnisse für die gezeigten Läufe</translation>
    </message>
    <message>
        <source>%1
step %2</source>
        <translation>%1
Schritt %2</translation>
    </message>
    <message>
        <source>Losses</source>
        <translation>Verluste</translation>
    </message>
    <message>
        <source>Reward (mean and spread)</source>
        <translation>Belohnung (Mittel und Streuung)</translation>
    </message>
    <message>
        <source>KL to the reference policy</source>
        <translation>KL zur Referenz-Policy</translation>
    </message>
    <message>
        <source>Clip fraction</source>
        <translation>Clip-Anteil</translation>
    </message>
    <message>
        <source>Caption length (words)</source>
        <translation>Beschreibungslänge (Wörter)</translation>
    </message>
    <message>
        <source>Benchmark scores</source>
        <translation>Benchmark-Werte</translation>
    </message>
    <message>
        <source>Other metrics</source>
        <translation>Weitere Metriken</translation>
    </message>
    <message>
        <source>Runs (check to overlay):</source>
        <translation>Läufe (zum Überlagern anhaken):</translation>
    </message>
    <message>
        <source>Smoothing:</source>
        <translation>Glättung:</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>Logarithmisch</translation>
    </message>
    <message>
        <source>Logarithmic value axis for the current chart</source>
        <translation>Logarithmische Werteachse für das aktuelle Diagramm</translation>
    </message>
    <message>
        <source>Reset the zoom of the current chart (double-click)</source>
        <translation>Zoom des aktuellen Diagramms zurücksetzen (Doppelklick)</translation>
    </message>
    <message>
        <source>Save the current chart as PNG…</source>
        <translation>Aktuelles Diagramm als PNG speichern…</translation>
    </message>
    <message>
        <source>%1 · preset %2</source>
        <translation>%1 · Voreinstellung %2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Could not save %1</source>
        <translation>%1 konnte nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Save chart as PNG</source>
        <translation>Diagramm als PNG speichern</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
</context>
<context>
    <name>uae::widgets::DatasetView</name>
    <message>
        <source>Source:</source>
        <translation>Quelle:</translation>
    </message>
    <message>
        <source>Shapes world</source>
        <translation>Shapes-Welt</translation>
    </message>
    <message>
        <source>Imported folder</source>
        <translation>Importierter Ordner</translation>
    </message>
    <message>
        <source>train</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <source>test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ Zurück</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>Weiter ▶</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <source>Max objects:</source>
        <translation>Max. Objekte:</translation>
    </message>
    <message>
        <source>Split:</source>
        <translation>Aufteilung:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Größe:</translation>
    </message>
    <message>
        <source>From index:</source>
        <translation>Ab Index:</translation>
    </message>
    <message>
        <source>a folder of images with .txt captions, or a .jsonl manifest</source>
        <translation>ein Bildordner mit .txt-Beschreibungen oder ein .jsonl-Manifest</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Öffnen…</translation>
    </message>
    <message>
        <source>Captions</source>
        <translation>Beschreibungen</translation>
    </message>
    <message>
        <source>Facts</source>
        <translation>Fakten</translation>
    </message>
    <message>
        <source>Open a folder of images with .txt captions, or a .jsonl manifest.</source>
        <translation>Einen Bildordner mit .txt-Beschreibungen oder ein .jsonl-Manifest öffnen.</translation>
    </message>
    <message>
        <source>Shapes world, %1 split: scenes %2 to %3.</source>
        <translation>Shapes-Welt, Aufteilung %1: Szenen %2 bis %3.</translation>
    </message>
    <message>
        <source>Open an image folder</source>
        <translation>Bildordner öffnen</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>%1 wird geladen…</translation>
    </message>
    <message>
        <source>%1: %2 items loaded, %3 skipped.</source>
        <translation>%1: %2 Einträge geladen, %3 übersprungen.</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>Datei: %1</translation>
    </message>
    <message>
        <source>As the parser reads the caption (%1 words, %2 unknown):</source>
        <translation>So liest der Parser die Beschreibung (%1 Wörter, %2 unbekannt):</translation>
    </message>
</context>
<context>
    <name>uae::widgets::ExportDialog</name>
    <message>
        <source>Export a checkpoint</source>
        <translation>Checkpoint exportieren</translation>
    </message>
    <message>
        <source>Run:</source>
        <translation>Lauf:</translation>
    </message>
    <message>
        <source>Checkpoint:</source>
        <translation>Checkpoint:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Checkpoint file:</source>
        <translation>Checkpoint-Datei:</translation>
    </message>
    <message>
        <source>Output folder:</source>
        <translation>Zielordner:</translation>
    </message>
    <message>
        <source>fp32 (float32, exact)</source>
        <translation>fp32 (float32, exakt)</translation>
    </message>
    <message>
        <source>bf16 (bfloat16, half the size)</source>
        <translation>bf16 (bfloat16, halbe Größe)</translation>
    </message>
    <message>
        <source>fp16 (float16, half the size)</source>
        <translation>fp16 (float16, halbe Größe)</translation>
    </message>
    <message>
        <source>Precision:</source>
        <translation>Genauigkeit:</translation>
    </message>
    <message>
        <source>derived from the run and stage</source>
        <translation>aus Lauf und Stufe abgeleitet</translation>
    </message>
    <message>
        <source>Model name:</source>
        <translation>Modellname:</translation>
    </message>
    <message>
        <source>One paragraph for the model card (optional).</source>
        <translation>Ein Absatz für die Modellkarte (optional).</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>Beschreibung:</translation>
    </message>
    <message>
        <source>The folder will hold model.safetensors, config.json, tokenizer.json and README.md (a model card), loadable with the Python safetensors package and plain PyTorch.</source>
        <translation>Der Ordner enthält model.safetensors, config.json, tokenizer.json und README.md (eine Modellkarte) und lässt sich mit dem Python-Paket safetensors und reinem PyTorch laden.</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Checkpoint file</source>
        <translation>Checkpoint-Datei</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>Zielordner</translation>
    </message>
    <message>
        <source>%1 · step %2 (%3)</source>
        <translation>%1 · Schritt %2 (%3)</translation>
    </message>
    <message>
        <source>Cannot read the checkpoint: %1</source>
        <translation>Checkpoint kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>%1 · step %2 · %3 parameters · modules: %4 · %5</source>
        <translation>%1 · Schritt %2 · %3 Parameter · Module: %4 · %5</translation>
    </message>
    <message>
        <source>Choose a checkpoint and an output folder.</source>
        <translation>Einen Checkpoint und einen Zielordner wählen.</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Wird exportiert…</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Export fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Exported to %1
%2 tensors, %3 values, model.safetensors %4

Files:</source>
        <translation>Exportiert nach %1
%2 Tensoren, %3 Werte, model.safetensors %4

Dateien:</translation>
    </message>
</context>
<context>
    <name>uae::widgets::InferenceWorker</name>
    <message>
        <source>No checkpoint is loaded.</source>
        <translation>Kein Checkpoint geladen.</translation>
    </message>
    <message>
        <source>%1 · step %2 · run %3 · %4 px</source>
        <translation>%1 · Schritt %2 · Lauf %3 · %4 px</translation>
    </message>
    <message>
        <source>load</source>
        <translation>Laden</translation>
    </message>
    <message>
        <source>caption</source>
        <translation>Beschreiben</translation>
    </message>
    <message>
        <source>generate</source>
        <translation>Generieren</translation>
    </message>
    <message>
        <source>reconstruct</source>
        <translation>Rekonstruieren</translation>
    </message>
</context>
<context>
    <name>uae::widgets::InspectorView</name>
    <message>
        <source>Run:</source>
        <translation>Lauf:</translation>
    </message>
    <message>
        <source>Play through the snapshots (Space)</source>
        <translation>Schnappschüsse abspielen (Leertaste)</translation>
    </message>
    <message>
        <source>Keys: ←/→ previous/next snapshot · Home/End first/last · ↑/↓ probe · Space play</source>
        <translation>Tasten: ←/→ vorheriger/nächster Schnappschuss · Pos1/Ende erster/letzter · ↑/↓ Probe · Leertaste abspielen</translation>
    </message>
    <message>
        <source>No run</source>
        <translation>Kein Lauf</translation>
    </message>
    <message>
        <source>No snapshots yet</source>
        <translation>Noch keine Schnappschüsse</translation>
    </message>
    <message>
        <source>Mean similarity %1</source>
        <translation>Mittlere Ähnlichkeit %1</translation>
    </message>
    <message>
        <source>No similarity recorded</source>
        <translation>Keine Ähnlichkeit aufgezeichnet</translation>
    </message>
    <message>
        <source>%1 words gained since the previous snapshot</source>
        <translation>%1 Wörter seit dem vorherigen Schnappschuss hinzugekommen</translation>
    </message>
    <message>
        <source>%1 · step %2 (%3 of %4)</source>
        <translation>%1 · Schritt %2 (%3 von %4)</translation>
    </message>
</context>
<context>
    <name>uae::widgets::LatencyProbe</name>
    <message>
        <source>p50 %1 ms · p99 %2 ms · max %3 ms (%4 samples)</source>
        <translation>p50 %1 ms · p99 %2 ms · max. %3 ms (%4 Messungen)</translation>
    </message>
</context>
<context>
    <name>uae::widgets::MainWindow</name>
    <message>
        <source>Dashboard</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>UAE Studio</source>
        <translation>UAE Studio</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Inspektor</translation>
    </message>
    <message>
        <source>Playground</source>
        <translation>Spielwiese</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About UAE Studio</source>
        <translation>&amp;Über UAE Studio</translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation>Gerät: %1</translation>
    </message>
    <message>
        <source>Device: unavailable (%1)</source>
        <translation>Gerät: nicht verfügbar (%1)</translation>
    </message>
    <message>
        <source>UAE Studio — %1</source>
        <translation>UAE Studio — %1</translation>
    </message>
    <message>
        <source>Run %1 ended. Event-loop latency while it trained: %2</source>
        <translation>Lauf %1 beendet. Latenz der Ereignisschleife während des Trainings: %2</translation>
    </message>
    <message>
        <source>Cannot open the workspace %1: %2</source>
        <translation>Arbeitsbereich %1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Open a workspace</source>
        <translation>Arbeitsbereich öffnen</translation>
    </message>
    <message>
        <source>Stop the run in progress first.</source>
        <translation>Zuerst den laufenden Lauf stoppen.</translation>
    </message>
    <message>
        <source>&amp;Open workspace…</source>
        <translation>Arbeitsbereich ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;Load pipeline config…</source>
        <translation>Pipeline-Konfiguration &amp;laden…</translation>
    </message>
    <message>
        <source>Load pipeline config</source>
        <translation>Pipeline-Konfiguration laden</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>&amp;Save pipeline config…</source>
        <translation>Pipeline-Konfiguration &amp;speichern…</translation>
    </message>
    <message>
        <source>Save pipeline config</source>
        <translation>Pipeline-Konfiguration speichern</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>%1 kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>&amp;Export checkpoint…</source>
        <translation>Checkpoint &amp;exportieren…</translation>
    </message>
    <message>
        <source>Save current &amp;chart as PNG…</source>
        <translation>Aktuelles &amp;Diagramm als PNG speichern…</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Lauf</translation>
    </message>
    <message>
        <source>Resume an &amp;interrupted run…</source>
        <translation>&amp;Unterbrochenen Lauf fortsetzen…</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation>Die Sprache wechselt beim nächsten Start.</translation>
    </message>
    <message>
        <source>Event-loop &amp;latency</source>
        <translation>&amp;Latenz der Ereignisschleife</translation>
    </message>
    <message>
        <source>Event-loop latency</source>
        <translation>Latenz der Ereignisschleife</translation>
    </message>
    <message>
        <source>How late the interface&apos;s event loop ran a 10 ms timer since the last run started (or since launch):
%1</source>
        <translation>Wie verspätet die Ereignisschleife der Oberfläche einen 10-ms-Timer seit dem Start des letzten Laufs (oder seit dem Programmstart) ausgeführt hat:
%1</translation>
    </message>
    <message>
        <source>Resume run %1</source>
        <translation>Lauf %1 fortsetzen</translation>
    </message>
    <message>
        <source>Resuming run %1 from its latest checkpoint…</source>
        <translation>Lauf %1 wird ab seinem letzten Checkpoint fortgesetzt…</translation>
    </message>
    <message>
        <source>Run %1 (&quot;%2&quot;) was interrupted: %3

Resume it from its latest checkpoint?</source>
        <translation>Lauf %1 („%2“) wurde unterbrochen: %3

Ab seinem letzten Checkpoint fortsetzen?</translation>
    </message>
    <message>
        <source>%1 more interrupted runs are listed in the runs browser.</source>
        <translation>%1 weitere unterbrochene Läufe stehen in der Laufübersicht.</translation>
    </message>
    <message>
        <source>Resume an interrupted run</source>
        <translation>Unterbrochenen Lauf fortsetzen</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>A run is training</source>
        <translation>Ein Lauf trainiert</translation>
    </message>
    <message>
        <source>Run %1 is still training. Stop it and save a checkpoint before quitting? It can be resumed later from the runs browser or with `uae resume`.</source>
        <translation>Lauf %1 trainiert noch. Vor dem Beenden stoppen und einen Checkpoint speichern? Er kann später in der Laufübersicht oder mit `uae resume` fortgesetzt werden.</translation>
    </message>
    <message>
        <source>Stop and save</source>
        <translation>Stoppen und speichern</translation>
    </message>
    <message>
        <source>Stopping: saving a checkpoint before quitting…</source>
        <translation>Wird gestoppt: Checkpoint wird vor dem Beenden gespeichert…</translation>
    </message>
</context>
<context>
    <name>uae::widgets::PipelinePanel</name>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Tiny (tests, a minute or two)</source>
        <translation>Winzig (Tests, ein bis zwei Minuten)</translation>
    </message>
    <message>
        <source>CPU demo (under 30 minutes on 2 cores)</source>
        <translation>CPU-Demo (unter 30 Minuten auf 2 Kernen)</translation>
    </message>
    <message>
        <source>GPU (one H100 / H200)</source>
        <translation>GPU (eine H100 / H200)</translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation>Voreinstellung:</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatisch</translation>
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
        <translation>Gerät:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <source>Processes:</source>
        <translation>Prozesse:</translation>
    </message>
    <message>
        <source>Worker processes of one data-parallel run (torch.distributed): each takes its share of every batch. 1 trains inside this window.</source>
        <translation>Arbeitsprozesse eines datenparallelen Laufs (torch.distributed): Jeder übernimmt seinen Teil jedes Batches. 1 trainiert in diesem Fenster.</translation>
    </message>
    <message>
        <source>Stages (the queue, in pipeline order):</source>
        <translation>Stufen (die Warteschlange, in Pipeline-Reihenfolge):</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>Start a new run with the checked stages (Ctrl+Return)</source>
        <translation>Neuen Lauf mit den angehakten Stufen starten (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pausieren</translation>
    </message>
    <message>
        <source>Pause after the current step (Ctrl+Shift+P)</source>
        <translation>Nach dem aktuellen Schritt pausieren (Strg+Umschalt+P)</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>Continue a paused run (Ctrl+Shift+R)</source>
        <translation>Einen pausierten Lauf fortsetzen (Strg+Umschalt+R)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>S&amp;toppen</translation>
    </message>
    <message>
        <source>Stop gracefully: finish the step, save a checkpoint (Ctrl+.)</source>
        <translation>Sauber stoppen: Schritt beenden, Checkpoint speichern (Strg+.)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Settings of %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;Einstellungen von %1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Preset &quot;%1&quot; loaded.</source>
        <translation>Voreinstellung „%1“ geladen.</translation>
    </message>
    <message>
        <source>Check at least one stage.</source>
        <translation>Mindestens eine Stufe anhaken.</translation>
    </message>
    <message>
        <source>Cannot start:
%1</source>
        <translation>Start nicht möglich:
%1</translation>
    </message>
    <message>
        <source>Cannot start: %1</source>
        <translation>Start nicht möglich: %1</translation>
    </message>
    <message>
        <source>Run %1 started.</source>
        <translation>Lauf %1 gestartet.</translation>
    </message>
    <message>
        <source>Pausing after the current step…</source>
        <translation>Pause nach dem aktuellen Schritt…</translation>
    </message>
    <message>
        <source>Resumed.</source>
        <translation>Fortgesetzt.</translation>
    </message>
    <message>
        <source>Stopping: the current step finishes and a checkpoint is saved…</source>
        <translation>Wird gestoppt: Der aktuelle Schritt wird beendet und ein Checkpoint gespeichert…</translation>
    </message>
    <message>
        <source>Run %1 finished.</source>
        <translation>Lauf %1 abgeschlossen.</translation>
    </message>
    <message>
        <source>Run %1 stopped and saved; resume it from the runs browser.</source>
        <translation>Lauf %1 gestoppt und gespeichert; in der Laufübersicht fortsetzen.</translation>
    </message>
    <message>
        <source>Run %1 failed: %2</source>
        <translation>Lauf %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Loaded %1.</source>
        <translation>%1 geladen.</translation>
    </message>
</context>
<context>
    <name>uae::widgets::PlaygroundView</name>
    <message>
        <source>Run:</source>
        <translation>Lauf:</translation>
    </message>
    <message>
        <source>Checkpoint:</source>
        <translation>Checkpoint:</translation>
    </message>
    <message>
        <source>Open file…</source>
        <translation>Datei öffnen…</translation>
    </message>
    <message>
        <source>No checkpoint loaded</source>
        <translation>Kein Checkpoint geladen</translation>
    </message>
    <message>
        <source>Understand, then reconstruct</source>
        <translation>Verstehen, dann rekonstruieren</translation>
    </message>
    <message>
        <source>Drop an image here
or open one</source>
        <translation>Bild hierher ziehen
oder eines öffnen</translation>
    </message>
    <message>
        <source>Reconstruction</source>
        <translation>Rekonstruktion</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>Open image…</source>
        <translation>Bild öffnen…</translation>
    </message>
    <message>
        <source>Random scene</source>
        <translation>Zufällige Szene</translation>
    </message>
    <message>
        <source>Caption and reconstruct</source>
        <translation>Beschreiben und rekonstruieren</translation>
    </message>
    <message>
        <source>Edit this caption →</source>
        <translation>Diese Beschreibung bearbeiten →</translation>
    </message>
    <message>
        <source>Generate from a caption</source>
        <translation>Aus einer Beschreibung generieren</translation>
    </message>
    <message>
        <source>a large red circle at the top left and a small blue square in the centre</source>
        <translation>a large red circle at the top left and a small blue square in the centre (Beschreibungen auf Englisch)</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <source>Sampler steps:</source>
        <translation>Sampler-Schritte:</translation>
    </message>
    <message>
        <source>CFG scale:</source>
        <translation>CFG-Stärke:</translation>
    </message>
    <message>
        <source>Caption sampling temperature (0: greedy)</source>
        <translation>Sampling-Temperatur der Beschreibung (0: gierig)</translation>
    </message>
    <message>
        <source>Caption temperature:</source>
        <translation>Beschreibungstemperatur:</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Generieren</translation>
    </message>
    <message>
        <source>Generated image</source>
        <translation>Generiertes Bild</translation>
    </message>
    <message>
        <source>Loaded: %1</source>
        <translation>Geladen: %1</translation>
    </message>
    <message>
        <source>Checkpoint loaded.</source>
        <translation>Checkpoint geladen.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Caption:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Beschreibung:&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>Similarity: — (no embedding judge)</source>
        <translation>Ähnlichkeit: — (kein Embedding-Bewerter)</translation>
    </message>
    <message>
        <source>Similarity: %1</source>
        <translation>Ähnlichkeit: %1</translation>
    </message>
    <message>
        <source>load</source>
        <translation>Laden</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>%1 · step %2 (%3)</source>
        <translation>%1 · Schritt %2 (%3)</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>%1 wird geladen…</translation>
    </message>
    <message>
        <source>Open a checkpoint</source>
        <translation>Checkpoint öffnen</translation>
    </message>
    <message>
        <source>Checkpoints (*.uaeckpt *.ckpt *.pt);;All files (*)</source>
        <translation>Checkpoints (*.uaeckpt *.ckpt *.pt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Open an image</source>
        <translation>Bild öffnen</translation>
    </message>
    <message>
        <source>Images (%1)</source>
        <translation>Bilder (%1)</translation>
    </message>
    <message>
        <source>%1 is not an image Qt can read.</source>
        <translation>%1 ist kein Bild, das Qt lesen kann.</translation>
    </message>
    <message>
        <source>Ground truth: %1</source>
        <translation>Ground Truth: %1</translation>
    </message>
    <message>
        <source>Open, drop or draw an image first.</source>
        <translation>Zuerst ein Bild öffnen, ablegen oder erzeugen.</translation>
    </message>
    <message>
        <source>Captioning and reconstructing…</source>
        <translation>Beschreiben und Rekonstruieren…</translation>
    </message>
    <message>
        <source>Type a caption first.</source>
        <translation>Zuerst eine Beschreibung eingeben.</translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation>Wird generiert…</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>Bereit.</translation>
    </message>
    <message>
        <source>The dropped item is not an image.</source>
        <translation>Das abgelegte Element ist kein Bild.</translation>
    </message>
</context>
<context>
    <name>uae::widgets::ProbeCard</name>
    <message>
        <source>Probe %1</source>
        <translation>Probe %1</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Reconstruction</source>
        <translation>Rekonstruktion</translation>
    </message>
    <message>
        <source>no snapshot</source>
        <translation>kein Schnappschuss</translation>
    </message>
    <message>
        <source>no image</source>
        <translation>kein Bild</translation>
    </message>
    <message>
        <source>&lt;i&gt;(empty caption)&lt;/i&gt;</source>
        <translation>&lt;i&gt;(leere Beschreibung)&lt;/i&gt;</translation>
    </message>
    <message>
        <source>similarity %1</source>
        <translation>Ähnlichkeit %1</translation>
    </message>
    <message>
        <source>similarity —</source>
        <translation>Ähnlichkeit —</translation>
    </message>
    <message numerus="yes">
        <source>+%n word(s)</source>
        <translation>
            <numerusform>+%n Wort</numerusform>
            <numerusform>+%n Wörter</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;i&gt;no snapshot yet&lt;/i&gt;</source>
        <translation>&lt;i&gt;noch kein Schnappschuss&lt;/i&gt;</translation>
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
        <translation>Name</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>Voreinstellung</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
</context>
<context>
    <name>uae::widgets::RunsView</name>
    <message>
        <source>Filter:</source>
        <translation>Filter:</translation>
    </message>
    <message>
        <source>name contains…</source>
        <translation>Name enthält…</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <source>All presets</source>
        <translation>Alle Voreinstellungen</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Löschen…</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Compare configs</source>
        <translation>Konfigurationen vergleichen</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Stages</source>
        <translation>Stufen</translation>
    </message>
    <message>
        <source>Config</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Checkpoints</source>
        <translation>Checkpoints</translation>
    </message>
    <message>
        <source>Benchmark</source>
        <translation>Benchmark</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Benchmarks</source>
        <translation>Benchmarks</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Run %1 renamed.</source>
        <translation>Lauf %1 umbenannt.</translation>
    </message>
    <message>
        <source>Delete run</source>
        <translation>Lauf löschen</translation>
    </message>
    <message>
        <source>Delete run %1 (&quot;%2&quot;) with all its metrics, snapshots and checkpoints? This cannot be undone.</source>
        <translation>Lauf %1 („%2“) mit allen Metriken, Schnappschüssen und Checkpoints löschen? Das kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Cannot delete run %1: %2</source>
        <translation>Lauf %1 kann nicht gelöscht werden: %2</translation>
    </message>
    <message>
        <source>Run %1 deleted.</source>
        <translation>Lauf %1 gelöscht.</translation>
    </message>
</context>
<context>
    <name>uae::widgets::StatusPanel</name>
    <message>
        <source>No run</source>
        <translation>Kein Lauf</translation>
    </message>
    <message>
        <source>Run %1 starting on %2…</source>
        <translation>Lauf %1 startet auf %2…</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>pausiert</translation>
    </message>
    <message>
        <source>Run %1: %2</source>
        <translation>Lauf %1: %2</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Memory: %1</source>
        <translation>Speicher: %1</translation>
    </message>
    <message>
        <source>Run %1 · %2 (%3/%4) · step %5 / %6</source>
        <translation>Lauf %1 · %2 (%3/%4) · Schritt %5 / %6</translation>
    </message>
    <message>
        <source>%1 steps/s</source>
        <translation>%1 Schritte/s</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>Restzeit %1</translation>
    </message>
</context>
</TS>
