"""Insight: reading what the demands say.

- `insight.classifier`: classify demand text into the taxonomy with a confidence
  (`Classifier.load()`, `.predict(texts)`, `train(texts, labels)`); the model shipped in
  `insight/model/` is trained on generated text only (`insight.synthetic`,
  `python -m insight.build_default_model`);
- `insight.text`, `insight.segment`, `insight.keys`, `insight.features`: normalisation, jieba-dictionary
  segmentation vectorised with numpy, and TF-IDF features;
- `insight.dataset`, `insight.evaluation`, `insight.cli`: labelled CSV files, metrics, and what
  ``smartbrain train`` / ``smartbrain eval`` run.

May import `casework` and `geo` of ours; nothing here imports dash, flask, socketio or redis.
Importing this package loads nothing heavy: import the submodule you need.
"""
