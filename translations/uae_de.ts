<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
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
    <name>uae::widgets::MainWindow</name>
    <message>
        <source>Dashboard</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Live charts of losses, reward mean and spread, KL, clip fraction, caption length and benchmark scores, with smoothing, log axis, zoom and several runs overlaid.</source>
        <translation>Live-Diagramme von Verlusten, Belohnungsmittel und -streuung, KL, Clip-Anteil, Beschreibungslänge und Benchmark-Werten, mit Glättung, logarithmischer Achse, Zoom und mehreren überlagerten Läufen.</translation>
    </message>
    <message>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>value</source>
        <translation>Wert</translation>
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
        <source>The probe images, each as original | caption | reconstruction, scrubbable over training snapshots; words a caption gained are highlighted.</source>
        <translation>Die Probebilder, jeweils als Original | Beschreibung | Rekonstruktion, über die Trainings-Schnappschüsse durchsuchbar; neu hinzugekommene Wörter einer Beschreibung werden hervorgehoben.</translation>
    </message>
    <message>
        <source>Playground</source>
        <translation>Spielwiese</translation>
    </message>
    <message>
        <source>Open or drop an image to caption and reconstruct it; edit a caption to generate an image, with seed, steps and CFG.</source>
        <translation>Ein Bild öffnen oder ablegen, um es zu beschreiben und zu rekonstruieren; eine Beschreibung bearbeiten, um ein Bild zu erzeugen, mit Seed, Schritten und CFG.</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>Every run of the workspace: filter, compare configs, rename, delete, resume an interrupted run.</source>
        <translation>Alle Läufe des Arbeitsbereichs: filtern, Konfigurationen vergleichen, umbenennen, löschen, einen unterbrochenen Lauf fortsetzen.</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <source>Browse the Shapes world or an imported image folder with captions and facts.</source>
        <translation>Die Shapes-Welt oder einen importierten Bildordner mit Beschreibungen und Fakten durchsuchen.</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <source>The stages (judges, encoder SFT, decoder pre-training, cold start, G4U, U4G, benchmarks) with status, settings and presets; Start, Pause, Resume and Stop; a queue of stages.</source>
        <translation>Die Stufen (Juroren, Encoder-SFT, Decoder-Vortraining, Kaltstart, G4U, U4G, Benchmarks) mit Status, Einstellungen und Voreinstellungen; Starten, Pausieren, Fortsetzen und Stoppen; eine Warteschlange von Stufen.</translation>
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
        <translation>Ü&amp;ber UAE Studio</translation>
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
        <source>No run</source>
        <translation>Kein Lauf</translation>
    </message>
</context>
<context>
    <name>uae::widgets::PlaceholderView</name>
    <message>
        <source>Empty view: this area is planned and not built yet.</source>
        <translation>Leere Ansicht: dieser Bereich ist geplant und noch nicht gebaut.</translation>
    </message>
</context>
</TS>