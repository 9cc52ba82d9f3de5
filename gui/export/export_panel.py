"""Export panel: a CreateTrainingJob / CreateEndpointConfig request and SDK code, live.

Every field change recomputes all three outputs with ``knowledge.export``; a bad value is
shown in red next to the field that causes it (the knowledge layer names the field), and
the outputs say what to fix instead of showing anything half-built.
"""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sagewise.gui import theme
from sagewise.gui.combo import select_data
from sagewise.gui.scroll import ContentScrollArea
from sagewise.knowledge.catalog import load_catalog
from sagewise.knowledge.errors import KnowledgeError
from sagewise.knowledge.export.from_pipeline import CarriedSettings, carried_settings
from sagewise.knowledge.export.images import load_images
from sagewise.knowledge.export.prefill import prefill
from sagewise.knowledge.export.requests import (
    SERVERLESS_MEMORY,
    EndpointSpec,
    ExportError,
    TrainingSpec,
    channel_names,
    content_formats,
    default_content_type,
    endpoint_config_request,
    export_blocker,
    training_job_request,
)
from sagewise.knowledge.export.rules import rules_for
from sagewise.knowledge.export.sdk import TuningPlan, sdk_code
from sagewise.knowledge.session import write_text_atomic

PROBLEMS = (("binary_classification", "Binary classification"),
            ("multiclass_classification", "Multiclass classification"),
            ("regression", "Regression"), ("ranking", "Ranking"))
SECURITY = (("vpc", "--vpc", "Private VPC",
             "VpcConfig with placeholder subnet and security group ids to replace"),
            ("kms", "--kms", "Own KMS key",
             "Encrypt the volume and the model output with your KMS key (placeholder ARN)"),
            ("network_isolation", "--network-isolation", "Network isolation",
             "No outbound network from the training container"),
            ("inter_container_encryption", "--inter-container-encryption",
             "Encrypt between nodes", "Encrypt traffic between training instances"),
            ("managed_spot", "--spot", "Managed spot",
             "Spare capacity with checkpoints (MaxWaitTimeInSeconds, CheckpointConfig)"))


class ExportPanel(QWidget):
    """Fields on the left, request / SDK code tabs on the right (Copy, Save)."""

    sig_status = Signal(str)

    TRAINING_FIELDS = ("--algorithm", "--region", "--instance-type", "--instance-count",
                       "--input-mode", "--content-type", "--hyperparameter", "--role-arn",
                       "--s3-input", "--s3-output", "--tuning", "--max-jobs",
                       "--max-parallel-jobs")
    ENDPOINT_FIELDS = ("--kind", "--model-name", "--instance-type", "--memory-mb",
                       "--max-concurrency", "--output-s3")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("export_panel")
        self.catalog = load_catalog()
        self.images = load_images()
        self.reasons: tuple[str, ...] = ()
        self._loading = False
        self._prefilled: dict[str, str] = {}   # hyperparameter -> assumed pre-filled value
        self._carried: CarriedSettings | None = None
        self._keep_fields_once = False          # after restore_state: keep the saved fields
        self.errors: dict[tuple[str, str], QLabel] = {}
        self.t: dict[str, QWidget] = {}
        self.e: dict[str, QWidget] = {}
        form_t = QFormLayout()
        form_e = QFormLayout()
        self._build_training(form_t)
        self._build_endpoint(form_e)
        fields = QWidget()
        fv = QVBoxLayout(fields)
        self.carried_label = QLabel(objectName="export_carried")
        self.carried_label.setWordWrap(True)
        self.carried_label.setTextFormat(Qt.TextFormat.PlainText)
        fv.addWidget(self.carried_label)
        fv.addWidget(QLabel("<b>Training job</b>"))
        fv.addLayout(form_t)
        fv.addWidget(QLabel("<b>Endpoint</b>"))
        fv.addLayout(form_e)
        fv.addStretch(1)
        scroll = ContentScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(fields)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(300)
        self.tabs = QTabWidget(objectName="export_tabs")
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.outputs: dict[str, QPlainTextEdit] = {}
        for key, title, tip in (
                ("training", "Training job", "CreateTrainingJob request (boto3 shape)"),
                ("endpoint", "Endpoint config", "CreateEndpointConfig request (boto3 shape)"),
                ("sdk", "SDK code", "SageMaker Python SDK v2 code with the reasons as comments")):
            box = QPlainTextEdit(objectName=f"export_{key}_output")
            box.setReadOnly(True)
            box.setFont(mono)
            box.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
            box.setToolTip(tip)
            self.outputs[key] = box
            self.tabs.addTab(box, title)
        self.copy_button = QPushButton("&Copy", objectName="export_copy_button")
        self.copy_button.setToolTip("Copy the shown request or code to the clipboard")
        self.save_button = QPushButton("Sa&ve...", objectName="export_save_button")
        self.save_button.setToolTip("Save the shown request (.json) or code (.py) to a file")
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        self.assumed_label = QLabel(objectName="export_assumed")
        self.assumed_label.setWordWrap(True)
        self.assumed_label.setTextFormat(Qt.TextFormat.PlainText)
        self.assumed_label.setToolTip("Values the export could not know: replace them before "
                                      "running (also listed in the request's tags)")
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addLayout(buttons)
        rv.addWidget(self.assumed_label)
        rv.addWidget(self.tabs, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(right)
        split.setSizes([330, 600])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)
        self.copy_button.clicked.connect(self.copy_current)
        self.save_button.clicked.connect(lambda: self.save_current())
        self.set_algorithm("xgboost")

    # ---- building

    def _row(self, form: QFormLayout, group: str, flag: str, label: str, widget: QWidget,
             tip: str) -> None:
        widget.setToolTip(tip)
        widget.setMinimumWidth(120)
        if isinstance(widget, QComboBox):
            widget.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            widget.setMinimumContentsLength(12)
        err = QLabel(objectName=f"error_{group}_{flag.strip('-')}")
        err.setWordWrap(True)
        err.setStyleSheet(f"color: {theme.color('error')};")
        err.hide()
        cell = QWidget()
        v = QVBoxLayout(cell)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(1)
        v.addWidget(widget)
        v.addWidget(err)
        form.addRow(label, cell)
        self.errors[(group, flag)] = err
        (self.t if group == "training" else self.e)[flag] = widget
        for sig in ("currentIndexChanged", "textChanged", "valueChanged", "toggled"):
            if hasattr(widget, sig):
                getattr(widget, sig).connect(self.refresh)
                break
        if isinstance(widget, QComboBox) and widget.isEditable():
            widget.editTextChanged.connect(self.refresh)

    def _build_training(self, form: QFormLayout) -> None:
        algo = QComboBox(objectName="export_algorithm")
        for ident, a in self.catalog.algorithms.items():
            blocker = export_blocker(ident)   # listed, and says why before it is picked
            algo.addItem(f"{a.name} (no built-in request)" if blocker else a.name, ident)
            if blocker:
                algo.setItemData(algo.count() - 1, blocker, Qt.ItemDataRole.ToolTipRole)
        region = QComboBox(objectName="export_region")
        for r in self.images.regions:
            region.addItem(r, r)
        select_data(region, "us-east-1")
        instance = QComboBox(objectName="export_instance_type")
        instance.setEditable(True)
        count = QSpinBox(objectName="export_instance_count")
        count.setRange(1, 100)
        mode = QComboBox(objectName="export_input_mode")
        for m in ("File", "Pipe", "FastFile"):
            mode.addItem(m, m)
        content = QComboBox(objectName="export_content_type")
        content.setEditable(True)
        hps = QPlainTextEdit(objectName="export_hyperparameters")
        hps.setFixedHeight(90)
        hps.setPlaceholderText("name=value, one per line")
        role = QLineEdit(objectName="export_role_arn")
        role.setPlaceholderText("arn:aws:iam::123456789012:role/... (placeholder if empty)")
        s3_in = QLineEdit(objectName="export_s3_input")
        s3_in.setPlaceholderText("s3://bucket/train/ (placeholder if empty)")
        s3_out = QLineEdit(objectName="export_s3_output")
        s3_out.setPlaceholderText("s3://bucket/output/ (placeholder if empty)")
        s3_val = QLineEdit(objectName="export_s3_validation")
        s3_val.setPlaceholderText("s3://bucket/validation/ (optional)")
        s3_test = QLineEdit(objectName="export_s3_test")
        s3_test.setPlaceholderText("s3://bucket/test/ (optional)")
        problem = QComboBox(objectName="export_problem_type")
        problem.addItem("Not stated", "")
        for ident, label in PROBLEMS:
            problem.addItem(label, ident)
        tuning = QComboBox(objectName="export_tuning")
        tuning.addItem("No tuning", "")
        for s in ("bayesian", "random", "grid", "hyperband"):
            tuning.addItem(s.capitalize(), s)
        jobs = QSpinBox(objectName="export_max_jobs")
        jobs.setRange(0, 500)
        jobs.setSpecialValueText("strategy default")
        parallel = QSpinBox(objectName="export_max_parallel")
        parallel.setRange(0, 100)
        parallel.setSpecialValueText("strategy default")
        algo.currentIndexChanged.connect(lambda _i: self.set_algorithm(algo.currentData()))
        mode.currentIndexChanged.connect(lambda _i: self._follow_mode())
        problem.currentIndexChanged.connect(lambda _i: self._follow_problem())
        for flag, label, w, tip in (
                ("--algorithm", "Algorithm", algo, "Built-in algorithm to train"),
                ("--region", "Region", region, "AWS Region: decides the image URI"),
                ("--instance-type", "Instance", instance, "Training instance type"),
                ("--instance-count", "Instances", count, "Number of training instances"),
                ("--input-mode", "Input mode", mode, "File, Pipe or FastFile"),
                ("--content-type", "Content type", content, "Training data format"),
                ("--hyperparameter", "Hyperparameters", hps,
                 "name=value per line; required ones are pre-filled"),
                ("--role-arn", "Role ARN", role, "SageMaker execution role"),
                ("--s3-input", "Training data", s3_in, "S3 prefix of the training data"),
                ("--s3-output", "Model output", s3_out, "S3 prefix for the model artifacts"),
                ("--s3-validation", "Validation data", s3_val,
                 "Validation channel: validation:* tuning metrics are computed on it"),
                ("--s3-test", "Test data", s3_test,
                 "Test channel: test:* tuning metrics are computed on it"),
                ("--problem-type", "Problem", problem,
                 "Sets XGBoost's objective / the predictor_type, and the tuning metric"),
                ("--tuning", "Tuning", tuning, "Add a HyperparameterTuner to the SDK code"),
                ("--max-jobs", "Tuning jobs", jobs, "Total tuning jobs (0: default)"),
                ("--max-parallel-jobs", "In parallel", parallel,
                 "Parallel tuning jobs (fewer let Bayesian search learn)")):
            self._row(form, "training", flag, label, w, tip)
        for key, flag, label, tip in SECURITY:
            box = QCheckBox(label, objectName=f"export_{key}")
            self._row(form, "training", flag, "Security" if key == "vpc" else "", box, tip)
            box.toggled.connect(lambda _on: self._security_enabled())
        for flag, label, name, hint, tip in (
                ("--subnet", "Subnets", "export_subnets",
                 "subnet-0abc1234, ... (placeholder if empty)",
                 "Private VPC: subnet ids, comma-separated"),
                ("--security-group", "Security groups", "export_security_groups",
                 "sg-0abc1234, ... (placeholder if empty)",
                 "Private VPC: security group ids, comma-separated"),
                ("--kms-key-id", "KMS key", "export_kms_key",
                 "arn:aws:kms:...:key/... (placeholder if empty)",
                 "Own KMS key: ARN, key id or alias/name")):
            edit = QLineEdit(objectName=name)
            edit.setPlaceholderText(hint)
            self._row(form, "training", flag, label, edit, tip)
        self._security_enabled()

    def _security_enabled(self) -> None:
        vpc = self.t["--vpc"].isChecked()
        self.t["--subnet"].setEnabled(vpc)
        self.t["--security-group"].setEnabled(vpc)
        self.t["--kms-key-id"].setEnabled(self.t["--kms"].isChecked())

    def _ids(self, flag: str) -> tuple[str, ...]:
        """Comma-separated ids of a VPC field (none unless Private VPC is ticked)."""
        if not self.t["--vpc"].isChecked():
            return ()
        return tuple(x.strip() for x in self.t[flag].text().split(",") if x.strip())

    def _build_endpoint(self, form: QFormLayout) -> None:
        kind = QComboBox(objectName="export_kind")
        for k, label in (("realtime", "Real-time"), ("serverless", "Serverless"),
                         ("async", "Asynchronous")):
            kind.addItem(label, k)
        model = QLineEdit("my-model", objectName="export_model_name")
        instance = QComboBox(objectName="export_endpoint_instance")
        instance.setEditable(True)
        memory = QComboBox(objectName="export_memory")
        for m in SERVERLESS_MEMORY:
            memory.addItem(f"{m} MB", m)
        select_data(memory, 2048)
        conc = QSpinBox(objectName="export_max_concurrency")
        conc.setRange(1, 200)
        conc.setValue(5)
        out = QLineEdit(objectName="export_output_s3")
        out.setPlaceholderText("s3://bucket/async-results/ (async only)")
        kind.currentIndexChanged.connect(lambda _i: self._endpoint_enabled())
        for flag, label, w, tip in (
                ("--kind", "Endpoint kind", kind, "Real-time, serverless or asynchronous"),
                ("--model-name", "Model name", model, "The SageMaker model to host"),
                ("--instance-type", "Instance", instance, "Hosting instance (not serverless)"),
                ("--memory-mb", "Memory", memory, "Serverless memory: 1024-6144 MB"),
                ("--max-concurrency", "Concurrency", conc,
                 "Serverless: max concurrent invocations (1-200); async: per instance"),
                ("--output-s3", "Results", out, "Async: where results are written")):
            self._row(form, "endpoint", flag, label, w, tip)
        self._endpoint_enabled()

    def _endpoint_enabled(self) -> None:
        kind = self.e["--kind"].currentData()
        self.e["--instance-type"].setEnabled(kind != "serverless")
        self.e["--memory-mb"].setEnabled(kind == "serverless")
        self.e["--max-concurrency"].setEnabled(kind != "realtime")
        self.e["--output-s3"].setEnabled(kind == "async")

    # ---- inputs

    def set_algorithm(self, ident: str) -> None:
        """Select an algorithm and pre-fill its instances, formats and hyperparameters (a job
        that builds: assumed values are labelled in the export)."""
        if ident not in self.catalog.algorithms:
            return
        a = self.catalog.algorithms[ident]
        self._loading = True
        try:
            select_data(self.t["--algorithm"], ident)
            inst = self.t["--instance-type"]
            inst.clear()
            inst.addItems(list(a.instances.suggested_training) or ["ml.m5.xlarge"])
            if self.t["--input-mode"].currentData() == "Pipe" and not a.pipe_mode:
                select_data(self.t["--input-mode"], "File")  # keep the job buildable
            if not a.instances.multi_instance:
                self.t["--instance-count"].setValue(1)
            if not a.objective_metrics:  # nothing to tune on (PCA): no tuner in the code
                select_data(self.t["--tuning"], "")
            ct = self.t["--content-type"]
            ct.clear()
            ct.addItems(list(a.training_content_types))
            self._set_content_for_mode()
            problem = self.t["--problem-type"]
            rules = rules_for(ident)
            if problem.currentData() and problem.currentData() not in rules.problems:
                select_data(problem, "")
            problem.setEnabled(bool(rules.problems))
            channels = channel_names(a) if a.builtin else ()
            self.t["--s3-validation"].setEnabled("validation" in channels)
            self.t["--s3-test"].setEnabled("test" in channels)
            self._prefill_hyperparameters()
            host = self.e["--instance-type"]
            host.clear()
            host.addItems(list(a.instances.suggested_inference) or ["ml.m5.xlarge"])
        finally:
            self._loading = False
        self.refresh()

    def _algo(self):
        return self.catalog.algorithms[self.t["--algorithm"].currentData()]

    def _prefill_hyperparameters(self) -> None:
        filled = prefill(self._algo().id, self.t["--problem-type"].currentData() or "")
        self._prefilled = {k: v for k, v in filled.values.items() if k in filled.assumed}
        self.t["--hyperparameter"].setPlainText(filled.text())

    def _set_content_for_mode(self) -> None:
        """Keep the content type valid for the input mode (XGBoost's LibSVM is File only)."""
        algo, mode = self._algo(), self.t["--input-mode"].currentData()
        ct = self.t["--content-type"]
        modes = content_formats(algo).get(ct.currentText().split(";")[0].strip())
        need = "File" if mode == "FastFile" else mode
        if modes is None or need not in modes:
            ct.setEditText(default_content_type(algo, mode))

    def _follow_mode(self) -> None:
        if self._loading:
            return
        self._loading = True
        try:
            self._set_content_for_mode()
        finally:
            self._loading = False
        self.refresh()

    def _follow_problem(self) -> None:
        """A new problem type re-fills the hyperparameter that states it (objective...)."""
        if self._loading:
            return
        rules = rules_for(self._algo().id)
        hp = rules.problem_hyperparameter
        problem = self.t["--problem-type"].currentData() or ""
        rule = rules.problems.get(problem)
        if hp:
            try:
                hps = self._hyperparameters()
            except ExportError:
                hps = None
            self._loading = True
            try:
                if hps is None:
                    self._prefill_hyperparameters()
                else:
                    if rule is not None:
                        hps[hp] = rule.values[0]
                        for need in rule.needs:
                            if need not in hps and need in rules.examples:
                                hps[need] = rules.examples[need]
                                self._prefilled[need] = rules.examples[need]
                        self._prefilled.pop(hp, None)  # decided, not assumed
                    self.t["--hyperparameter"].setPlainText(
                        "\n".join(f"{k}={v}" for k, v in hps.items()))
            finally:
                self._loading = False
        self.refresh()

    def apply_plan(self, choices: dict[str, str], reasons: tuple[str, ...] = (),
                   answers: dict[str, str] | None = None, problem_type: str = "") -> None:
        """Take over pipeline decisions: input mode, instances, security, tuning, endpoint
        kind, problem type. Fields change only when the decisions change, so edits made
        here stay until the pipeline decides something new."""
        self.reasons = tuple(reasons)
        settings = carried_settings(choices, answers, self._algo(), problem_type)
        if settings == self._carried or self._keep_fields_once:
            self._carried, self._keep_fields_once = settings, False
            self._show_carried()
            self.refresh()
            return
        self._carried = settings
        self._loading = True
        try:
            select_data(self.t["--input-mode"], settings.input_mode)
            self._set_content_for_mode()
            if settings.tuning and self._algo().objective_metrics:
                select_data(self.t["--tuning"], settings.tuning)
            select_data(self.e["--kind"], settings.endpoint_kind)
            algo = self._algo()
            count = settings.instance_count if algo.instances.multi_instance else 1
            self.t["--instance-count"].setValue(count)
            for key, flag, _label, _tip in SECURITY:
                self.t[flag].setChecked(getattr(settings, key))
            self._security_enabled()
            if settings.problem_type in rules_for(algo.id).problems \
                    and settings.problem_type != self.t["--problem-type"].currentData():
                select_data(self.t["--problem-type"], settings.problem_type)
                self._prefill_hyperparameters()
        finally:
            self._loading = False
        self._endpoint_enabled()
        self._show_carried()
        self.refresh()

    def _show_assumed(self, request_json: str) -> None:
        """Name what the built request assumed (its placeholder and assumed tags)."""
        parts = []
        if request_json:
            for tag in json.loads(request_json).get("Tags", []):
                kind = "Placeholders to replace" if tag["Key"].endswith("placeholders") \
                    else "Assumed"
                parts.append(f"{kind}: {tag['Value']}")
        self.assumed_label.setText(". ".join(parts) + ("." if parts else ""))
        self.assumed_label.setVisible(bool(parts))

    def _show_carried(self) -> None:
        c = self._carried
        self.carried_label.setText("From the pipeline: " + "; ".join(c.labels) + "."
                                   if c is not None and c.labels else "")
        self.carried_label.setVisible(bool(self.carried_label.text()))

    def _hyperparameters(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for i, line in enumerate(self.t["--hyperparameter"].toPlainText().splitlines(), 1):
            if not line.strip():
                continue
            key, sep, value = line.partition("=")
            if sep and key.strip() and not value.strip():
                raise ExportError("--hyperparameter", f"{key.strip()} needs a value "
                                                      f"(line {i})")
            if not sep or not key.strip():
                raise ExportError("--hyperparameter", f"line {i}: expected name=value "
                                                      f"(got '{line.strip()}')")
            out[key.strip()] = value.strip()
        return out

    def training_spec(self) -> TrainingSpec:
        """The training fields as a spec (ExportError for an unreadable hyperparameter line)."""
        t = self.t
        hps = self._hyperparameters()
        assumed = [f"HyperParameters.{k}" for k, v in hps.items() if self._prefilled.get(k) == v]
        c = self._carried
        if c is not None and c.count_assumed and t["--instance-count"].value() == c.instance_count:
            assumed.insert(0, "InstanceCount")
        return TrainingSpec(
            algorithm=t["--algorithm"].currentData(), region=t["--region"].currentData(),
            instance_type=t["--instance-type"].currentText().strip(),
            instance_count=t["--instance-count"].value(),
            input_mode=t["--input-mode"].currentData(),
            content_type=t["--content-type"].currentText().strip(),
            hyperparameters=hps, role_arn=t["--role-arn"].text().strip(),
            s3_input=t["--s3-input"].text().strip(), s3_output=t["--s3-output"].text().strip(),
            s3_validation=t["--s3-validation"].text().strip()
            if t["--s3-validation"].isEnabled() else "",
            s3_test=t["--s3-test"].text().strip() if t["--s3-test"].isEnabled() else "",
            problem_type=(t["--problem-type"].currentData() or "")
            if t["--problem-type"].isEnabled() else "",
            vpc=t["--vpc"].isChecked(), kms=t["--kms"].isChecked(),
            subnets=self._ids("--subnet"), security_groups=self._ids("--security-group"),
            kms_key_id=t["--kms-key-id"].text().strip() if t["--kms"].isChecked() else "",
            network_isolation=t["--network-isolation"].isChecked(),
            inter_container_encryption=t["--inter-container-encryption"].isChecked(),
            managed_spot=t["--spot"].isChecked(), assumed=tuple(assumed))

    def tuning_plan(self) -> TuningPlan | None:
        """The tuning plan, if a strategy is selected."""
        s = self.t["--tuning"].currentData()
        return TuningPlan(s, self.t["--max-jobs"].value(), self.t["--max-parallel-jobs"].value()) \
            if s else None

    def endpoint_spec(self) -> EndpointSpec:
        """The endpoint fields as a spec (disabled fields are not sent)."""
        e = self.e
        kind = e["--kind"].currentData()
        return EndpointSpec(
            kind=kind, model_name=e["--model-name"].text().strip(),
            instance_type="" if kind == "serverless" else e["--instance-type"].currentText().strip(),
            memory_mb=e["--memory-mb"].currentData() if kind == "serverless" else None,
            max_concurrency=None if kind == "realtime" else e["--max-concurrency"].value(),
            output_s3=e["--output-s3"].text().strip() if kind == "async" else "")

    # ---- outputs

    def _show_error(self, group: str, err: ExportError | None) -> None:
        for (g, flag), label in self.errors.items():
            if g != group:
                continue
            if err is not None and err.field == flag:
                label.setText(str(err))
                label.show()
                width = max(120, label.width(), label.parentWidget().width())
                label.setMinimumHeight(label.heightForWidth(width))
            else:
                label.hide()

    def refresh(self, *_args) -> None:
        """Recompute the three outputs from the fields."""
        if self._loading:
            return
        texts: dict[str, str] = {}
        error: ExportError | None = None
        try:
            spec = self.training_spec()
            texts["training"] = json.dumps(training_job_request(spec), indent=2)
            texts["sdk"] = sdk_code(spec, self.tuning_plan(), self.reasons)
        except ExportError as exc:  # a tuning-only problem still leaves the request built
            error = exc
        self._show_error("training", error)
        for key in ("training", "sdk"):
            box = self.outputs[key]
            if key in texts:
                box.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
                box.setPlainText(texts[key])
            else:
                box.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
                box.setPlainText(f"Not built: fix the field marked in red.\n\n{error}")
        self._show_assumed(texts.get("training", ""))
        try:
            request = endpoint_config_request(self.endpoint_spec())
            self._show_error("endpoint", None)
            self.outputs["endpoint"].setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
            self.outputs["endpoint"].setPlainText(json.dumps(request, indent=2))
        except ExportError as exc:
            self._show_error("endpoint", exc)
            self.outputs["endpoint"].setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
            self.outputs["endpoint"].setPlainText(f"Not built: fix the field marked in red."
                                                  f"\n\n{exc}")

    def current_key(self) -> str:
        """Which output is shown: training, endpoint or sdk."""
        return list(self.outputs)[self.tabs.currentIndex()]

    def current_is_valid(self) -> bool:
        """False when the shown output is an error message."""
        return not self.outputs[self.current_key()].toPlainText().startswith("Not built")

    def copy_text(self) -> str:
        """The shown request or code (empty when it is not built)."""
        return self.outputs[self.current_key()].toPlainText() if self.current_is_valid() else ""

    def copy_current(self) -> None:
        """Copy the shown output to the clipboard."""
        text = self.copy_text()
        if text:
            QGuiApplication.clipboard().setText(text)
        self.sig_status.emit("Copied" if text else "Nothing to copy: fix the marked field")

    def save_current(self, path: str | None = None) -> bool:
        """Save the shown output atomically; nothing is written while it has an error."""
        text = self.copy_text()
        if not text:
            self.sig_status.emit("Nothing to save: fix the marked field")
            return False
        key = self.current_key()
        if path is None:
            suffix, filt = (".py", "Python (*.py)") if key == "sdk" else \
                (".json", "JSON (*.json)")
            path, _ = QFileDialog.getSaveFileName(self, "Save export", f"sagewise-{key}{suffix}",
                                                  filt)
            if not path:
                return False
        try:
            write_text_atomic(path, text)
        except KnowledgeError as exc:
            self.sig_status.emit(str(exc))
            return False
        self.sig_status.emit(f"Saved {path}")
        return True

    # ---- state

    def save_state(self) -> dict:
        """The fields, for the session."""
        t, e = self.t, self.e
        return {"algorithm": t["--algorithm"].currentData(), "region": t["--region"].currentData(),
                "instance_type": t["--instance-type"].currentText(),
                "instance_count": t["--instance-count"].value(),
                "input_mode": t["--input-mode"].currentData(),
                "content_type": t["--content-type"].currentText(),
                "hyperparameters": t["--hyperparameter"].toPlainText(),
                "role_arn": t["--role-arn"].text(), "s3_input": t["--s3-input"].text(),
                "s3_output": t["--s3-output"].text(), "tuning": t["--tuning"].currentData(),
                "s3_validation": t["--s3-validation"].text(), "s3_test": t["--s3-test"].text(),
                "problem_type": t["--problem-type"].currentData(),
                "subnets": t["--subnet"].text(), "security_groups": t["--security-group"].text(),
                "kms_key_id": t["--kms-key-id"].text(),
                **{key: t[flag].isChecked() for key, flag, _l, _t in SECURITY},
                "max_jobs": t["--max-jobs"].value(),
                "max_parallel_jobs": t["--max-parallel-jobs"].value(),
                "kind": e["--kind"].currentData(), "model_name": e["--model-name"].text(),
                "endpoint_instance": e["--instance-type"].currentText(),
                "memory_mb": e["--memory-mb"].currentData(),
                "max_concurrency": e["--max-concurrency"].value(),
                "output_s3": e["--output-s3"].text()}

    def restore_state(self, state: dict) -> None:
        """Restore fields; unknown or wrongly typed values keep the defaults."""
        if not isinstance(state, dict):
            return
        self.set_algorithm(state.get("algorithm") if isinstance(state.get("algorithm"), str)
                           else "xgboost")
        t, e = self.t, self.e
        self._loading = True
        try:
            def text(key):
                v = state.get(key)
                return v if isinstance(v, str) else None

            def number(key):
                v = state.get(key)
                return v if isinstance(v, int) and not isinstance(v, bool) else None

            for key, box in (("region", t["--region"]), ("input_mode", t["--input-mode"]),
                             ("tuning", t["--tuning"]), ("kind", e["--kind"]),
                             ("problem_type", t["--problem-type"])):
                if text(key) is not None:
                    select_data(box, text(key))
            if number("memory_mb") is not None:
                select_data(e["--memory-mb"], number("memory_mb"))
            for key, box in (("instance_type", t["--instance-type"]),
                             ("content_type", t["--content-type"]),
                             ("endpoint_instance", e["--instance-type"])):
                if text(key) is not None:
                    box.setEditText(text(key))
            if text("hyperparameters") is not None:
                t["--hyperparameter"].setPlainText(text("hyperparameters"))
            for key, edit in (("role_arn", t["--role-arn"]), ("s3_input", t["--s3-input"]),
                              ("s3_output", t["--s3-output"]), ("model_name", e["--model-name"]),
                              ("s3_validation", t["--s3-validation"]),
                              ("s3_test", t["--s3-test"]),
                              ("subnets", t["--subnet"]),
                              ("security_groups", t["--security-group"]),
                              ("kms_key_id", t["--kms-key-id"]),
                              ("output_s3", e["--output-s3"])):
                if text(key) is not None:
                    edit.setText(text(key))
            for key, spin in (("instance_count", t["--instance-count"]),
                              ("max_jobs", t["--max-jobs"]),
                              ("max_parallel_jobs", t["--max-parallel-jobs"]),
                              ("max_concurrency", e["--max-concurrency"])):
                if number(key) is not None:
                    spin.setValue(number(key))
            for key, flag, _l, _t in SECURITY:
                if isinstance(state.get(key), bool):
                    t[flag].setChecked(state[key])
        finally:
            self._loading = False
        self._keep_fields_once = True
        self._security_enabled()
        self._endpoint_enabled()
        self.refresh()
