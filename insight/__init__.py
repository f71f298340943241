"""Insight: reading what the demands say.

- `insight.classifier`: classify demand text into the taxonomy with a confidence
  (`Classifier.load()`, `.predict(texts)`, `train(texts, labels)`); the model shipped in
  `insight/model/` is trained on generated text only (`insight.synthetic`,
  `python -m insight.build_default_model`);
- `insight.text`, `insight.segment`, `insight.keys`, `insight.features`: normalisation, jieba-dictionary
  segmentation vectorised with numpy, and TF-IDF features;
- `insight.dataset`, `insight.evaluation`, `insight.cli`: labelled CSV files, metrics, and what
  ``smartbrain train`` / ``smartbrain eval`` run; `insight.training_data`: labelled text from the
  center's closed cases and officers' re-classifications (``smartbrain train --from-db``);
- `insight.intake.IntakeInsight`: the enricher `casework.actions.do_intake` takes (category with
  confidence and source, entity, repeat link, risk code), given by the composition root;
- `insight.similarity`, `insight.entities`, `insight.repeats`, `insight.risk`: text similarity, named
  shops/estates/employers, repeat and duplicate links and the repeat-call rate, risk codes (赋分赋码);
- `insight.anomaly` (pure statistics), `insight.detector` (`WarningDetector.run_once`, scheduled on the leader):
  early warnings stored and announced through `casework.early_warnings`; `insight.cap`: CAP 1.2 export;
- `insight.warning_eval`: the labelled synthetic history with injected anomalies and the warnings'
  precision, recall and detection delay (``smartbrain eval --warnings``).

May import `casework` and `geo` of ours; nothing here imports dash, flask, socketio or redis.
Importing this package loads nothing heavy: import the submodule you need.
"""
