"""The six calculators of the sizing panel (thin views over knowledge.sizing)."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)
from sagewise.gui import theme
from sagewise.gui.combo import select_data
from sagewise.gui.plain_text import rich_text
from sagewise.gui.plotting import pg
from sagewise.gui.sizing.page import CalculatorPage, draw_elbow, style_axes
from sagewise.gui.workers import Job
from sagewise.knowledge.catalog import load_catalog
from sagewise.knowledge.errors import Cancelled, InputError, KnowledgeError
from sagewise.knowledge.numbers import parse_number
from sagewise.knowledge.sizing import report
from sagewise.knowledge.sizing.endpoint import autoscaling
from sagewise.knowledge.sizing.hyperparams import (
    ip_insights_entity_vectors,
    rcf_samples_per_tree,
    xgboost_scale_pos_weight,
)
from sagewise.knowledge.sizing.instances import recommend_instances
from sagewise.knowledge.sizing.kinesis import size_stream, sweep_records
from sagewise.knowledge.sizing.scaling import scale, warmup_schedule
from sagewise.knowledge.sizing.spice import check_dataset
from sagewise.knowledge.wording import count

BINDING_COLOURS = {"write_bandwidth": "series_1", "write_records": "series_2",
                   "read_bandwidth": "series_3"}   # named theme colours
BINDING_NAMES = {"write_bandwidth": "write MiB/s binds", "write_records": "records/s binds",
                 "read_bandwidth": "read MiB/s binds"}


def _algorithm_options(include_any: bool) -> list[tuple[str, str]]:
    c = load_catalog()
    opts = [(a.id, a.name) for a in sorted(c.algorithms.values(), key=lambda a: a.name.lower())]
    return ([("", "(any algorithm)")] if include_any else []) + opts


# ---------------------------------------------------------------- Kinesis


class KinesisPage(CalculatorPage):
    """Kinesis Data Streams shards with a what-if plot."""

    title = "Kinesis shards"
    tab_title = "Kinesis"   # short enough for seven tabs at 1024 px
    intro = ("Shards for a Kinesis data stream at peak traffic (provisioned), or its "
             "throughput against the on-demand limits. Sizes are KiB (1 MiB = 1,024 KiB) and "
             "include the partition key.")
    has_plot = True

    def build(self) -> None:
        self.add_number("record_kb", "Average record size (KiB):",
                        "Average size of one record including its partition key", 3,
                        placeholder="empty: use the write rate")
        self.add_number("write_mb_per_second", "...or total write rate (MiB/s):",
                        "Use instead of the record size when you know the write rate", None,
                        placeholder="optional")
        self.add_number("records_per_second", "Records per second (peak):",
                        "Peak records written per second, after KPL aggregation", 2000)
        self.add_number("consumers", "Shared consumers (GetRecords):",
                        "Applications reading with GetRecords; they share 2 MiB/s per shard", 3)
        self.add_number("efo_consumers", "Enhanced fan-out consumers:",
                        "Each gets its own 2 MiB/s per shard", 0)
        self.add_number("headroom_pct", "Headroom (%):", "Extra capacity above peak", 0)
        self.add_choice("mode", "Capacity mode:", "Provisioned shards or on-demand",
                        [("provisioned", "Provisioned"), ("on-demand", "On-demand")])
        self.add_check("round_record_up", "Round records up to whole KiB",
                       "Round the record size up to a whole KiB, as the AWS sizing text "
                       "suggests")
        self._scatter = {k: pg.ScatterPlotItem(size=7, brush=pg.mkBrush(theme.color(c)),
                                               pen=None)
                         for k, c in BINDING_COLOURS.items()}
        self._line = pg.PlotDataItem(pen=pg.mkPen(theme.color("grid"), width=1),
                                     stepMode=None)
        self._marker = pg.InfiniteLine(angle=90, pen=pg.mkPen(theme.color("marker"),
                                                               width=1.5,
                                                               style=Qt.PenStyle.DashLine))

    def compute(self, v: dict) -> str:
        kwargs = dict(record_kb=v["record_kb"], write_mb_per_second=v["write_mb_per_second"],
                      records_per_second=v["records_per_second"], consumers=v["consumers"],
                      efo_consumers=v["efo_consumers"],
                      headroom_pct=0 if v["headroom_pct"] is None else v["headroom_pct"],
                      mode=v["mode"], round_record_up=v["round_record_up"])
        for key in ("consumers", "efo_consumers"):
            if kwargs[key] is None:
                kwargs[key] = 0
        r = size_stream(**kwargs)
        self._plot(kwargs, r)
        return report.kinesis_markdown(r)

    def _plot(self, kwargs: dict, r) -> None:
        p = self.plot
        p.clear()
        legend = p.getPlotItem().legend or p.addLegend(offset=(10, 10))
        legend.clear()
        p.getAxis("left").setTicks(None)
        if r.mode == "on-demand":
            self._plot_on_demand(kwargs, r, legend)
            return
        rps = kwargs["records_per_second"]
        base = {k: v for k, v in kwargs.items() if k != "records_per_second"}
        if kwargs["write_mb_per_second"] is not None:  # keep the record size fixed
            base["record_kb"], base["write_mb_per_second"] = r.record_kib, None
        xs = np.geomspace(max(rps / 20, 1), rps * 5, 60)
        pts = sweep_records(base, xs)
        p.addItem(self._line)
        self._line.setData([x for x, _, _ in pts], [s for _, s, _ in pts])
        for key, item in self._scatter.items():
            sel = [(x, s) for x, s, b in pts if b == key]
            item.setData([x for x, _ in sel], [s for _, s in sel])
            p.addItem(item)
            if sel:
                legend.addItem(item, BINDING_NAMES[key])
        self._marker.setValue(rps)
        p.addItem(self._marker)
        style_axes(p, "Records per second (records/s)", "Shards needed",
                   f"What if traffic changes? ({count(r.shards, 'shard')} at {rps:,.0f} "
                   "records/s)")

    def _plot_on_demand(self, kwargs: dict, r, legend) -> None:
        """On-demand: write throughput against records/s, on a log scale, with the new
        stream's start and the Regional write maxima as lines (no shards to pick)."""
        p = self.plot
        rps = kwargs["records_per_second"]
        xs = np.geomspace(max(rps / 20, 1), rps * 5, 60)
        ys = np.log10(r.record_kib * xs / 1024)
        p.addItem(self._line)
        self._line.setData(xs, ys)
        limits = {x["id"]: x["value"] for x in r.on_demand["limits"]}
        for key, text in (("on_demand_default_write_mib_per_s", "new stream starts"),
                          ("on_demand_max_write_mib_per_s_other_regions",
                           "max, other Regions"),
                          ("on_demand_max_write_mib_per_s_large_regions",
                           "max, largest Regions")):
            line = pg.InfiniteLine(pos=math.log10(limits[key]), angle=0,
                                   pen=pg.mkPen(theme.color("error" if "max" in key
                                                            else "grid"), width=1,
                                                style=Qt.PenStyle.DashLine),
                                   label=f"{text}: {limits[key]:,.0f} MiB/s",
                                   labelOpts={"position": 0.02, "color": theme.color("text"),
                                              "anchors": [(0, 1), (0, 1)]})
            p.addItem(line)
        self._marker.setValue(rps)
        p.addItem(self._marker)
        lo = math.floor(min(ys.min(), 0.0))
        hi = math.ceil(max(ys.max(), math.log10(limits[
            "on_demand_max_write_mib_per_s_large_regions"])))
        p.getAxis("left").setTicks([[(k, f"{10.0 ** k:,.0f}" if k >= 0 else f"{10.0 ** k:g}")
                                    for k in range(lo, hi + 1)]])
        p.setYRange(lo, hi + 0.6, padding=0)  # room above the top line for its label
        style_axes(p, "Records per second (records/s)", "Write throughput (MiB/s, log scale)",
                   f"On-demand: {report.num(round(r.on_demand['write_mib_per_s'], 3))} MiB/s written at "
                   f"{rps:,.0f} records/s")


# ---------------------------------------------------------------- SPICE


class SpicePage(CalculatorPage):
    """QuickSight SPICE quota checks, with a file check in a worker thread."""

    title = "QuickSight SPICE"
    tab_title = "SPICE"   # short enough for seven tabs at 1024 px
    intro = ("Does a dataset fit in SPICE? Enter what you know, or check a CSV/Parquet "
             "file. Size is SPICE capacity after ingestion.")
    has_plot = True

    def build(self) -> None:
        self.add_choice("edition", "Edition:", "QuickSight edition",
                        [("standard", "Standard"), ("enterprise", "Enterprise")])
        self.add_number("rows", "Rows:", "Rows in the dataset", 30_000_000)
        self.add_number("size_gb", "Size (GB):", "SPICE capacity used after ingestion", 12)
        self.add_number("columns", "Columns:", "Columns per file", 40)
        self.add_number("longest_column_name", "Longest column name (chars):",
                        "Characters in the longest column name", 30)
        self.add_number("longest_field", "Longest field (chars):",
                        "Characters in the longest single value", 500)
        self.add_number("manifest_files", "Files in the manifest:", "Files listed in the S3 "
                        "manifest", None, placeholder="optional")
        self.check_button = QPushButton("Check a &file...", objectName="check_file_button")
        self.check_button.setToolTip("Measure a CSV or Parquet file (runs in the background)")
        self.cancel_button = QPushButton("Cancel", objectName="cancel_file_button")
        self.cancel_button.setToolTip("Stop checking the file")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar(objectName="file_progress")
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.file_label = QLabel(objectName="file_label")
        self.file_label.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.check_button)
        row.addWidget(self.cancel_button)
        self.extra.addLayout(row)
        self.extra.addWidget(self.progress)
        self.extra.addWidget(self.file_label)
        self.check_button.clicked.connect(self._on_check_button_clicked)
        self.cancel_button.clicked.connect(self.cancel_file)
        self.job: Job | None = None
        self._bars = pg.BarGraphItem(x0=[], y=[], height=0.6, width=[])

    def compute(self, v: dict) -> str:
        r = check_dataset(edition=v["edition"], rows=v["rows"], size_gb=v["size_gb"],
                          columns=v["columns"], longest_column_name=v["longest_column_name"],
                          longest_field=v["longest_field"], manifest_files=v["manifest_files"])
        self._plot(r)
        return report.spice_markdown(r)

    def _plot(self, r) -> None:
        p = self.plot
        p.clear()
        checks = r.checks
        pct = [min(c.value / c.limit * 100, 300) if c.limit else 0 for c in checks]
        brushes = [pg.mkBrush(theme.color("series_3" if c.ok else (
            "series_2" if c.severity == "warning" else "marker"))) for c in checks]
        self._bars.setOpts(x0=[0] * len(checks), y=list(range(len(checks))), width=pct,
                           height=0.6, brushes=brushes)
        p.addItem(self._bars)
        p.addItem(pg.InfiniteLine(pos=100, angle=90, pen=pg.mkPen(theme.color("muted"),
                                                                  width=1.5,
                                                                  style=Qt.PenStyle.DashLine)))
        axis = p.getAxis("left")
        axis.setTicks([[(i, c.label.split(" (")[0]) for i, c in enumerate(checks)]])
        p.setXRange(0, max([110, *pct]))
        style_axes(p, "Share of the quota (%)", "", "Each quota as a share of its limit "
                   "(dashed line = 100%)")

    # ---- file check

    def _on_check_button_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Check a file for SPICE", "",
                                              "Data files (*.csv *.txt *.parquet *.pq);;"
                                              "All files (*)")
        if path:
            self.start_file_check(path)

    def start_file_check(self, path: str) -> None:
        """Measure a file in a worker thread; fields fill in when it is done."""
        from sagewise.knowledge.sizing.spice_file import measure_file

        if self.job is not None and self.job.running:
            return
        self.job = Job(lambda progress, cancelled: measure_file(path, progress, cancelled),
                       Cancelled, (KnowledgeError,))
        self.job.sig_progress.connect(self._on_job_progress)
        self.job.sig_finished.connect(self._on_job_finished)
        self.job.sig_failed.connect(self._on_job_failed)
        self.job.sig_cancelled.connect(self._on_job_cancelled)
        self.progress.setValue(0)
        self.progress.show()
        self.check_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.file_label.setText(rich_text(f"Reading {path} ..."))
        self.job.start()

    def _on_job_progress(self, fraction: float) -> None:
        self.progress.setValue(int(fraction * 100))

    def cancel_file(self) -> None:
        """Stop the running file check."""
        if self.job is not None:
            self.job.cancel()

    def _done(self) -> None:
        self.progress.hide()
        self.check_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def _on_job_finished(self, m) -> None:
        self._done()
        self.fields["rows"].set_text(str(m.rows))
        self.fields["size_gb"].set_text(f"{m.spice_gb_estimate:.6g}")
        self.fields["columns"].set_text(str(m.columns))
        self.fields["longest_column_name"].set_text(str(m.longest_column_name))
        self.fields["longest_field"].set_text(str(m.longest_field))
        self.file_label.setText(rich_text(
            f"Measured {m.path}: {m.rows:,} rows, {m.columns} columns ({m.numeric_columns} "
            f"numeric), file {m.file_bytes / 1e6:,.1f} MB, estimated SPICE size "
            f"{m.spice_gb_estimate:.3g} GB. Longest column name: "
            f"'{m.longest_column[:80]}'."))
        self.recompute()

    def _on_job_failed(self, message: str) -> None:
        self._done()
        self.file_label.setText(theme.span(message))

    def _on_job_cancelled(self) -> None:
        self._done()
        self.file_label.setText("File check cancelled; nothing was changed.")

    def shutdown(self) -> None:
        """Stop background work (called when the window closes)."""
        if self.job is not None and self.job.running:
            self.job.wait()


# ---------------------------------------------------------------- scaling


class ScalingPage(CalculatorPage):
    """Batch-size and learning-rate scaling with the warmup schedule plotted."""

    title = "Batch size and learning rate"
    tab_title = "Batch && LR"   # short enough for seven tabs at 1024 px
    intro = ("Scale the learning rate when more GPUs or instances make the global batch "
             "bigger. Linear scaling needs warmup; square-root scaling is gentler.")
    has_plot = True

    def build(self) -> None:
        self.add_number("base_lr", "Base learning rate:", "The rate tuned for the base batch", 0.1)
        self.add_number("base_batch", "Base batch (global):",
                        "The global batch the base rate was tuned for", 256)
        self.add_number("per_device_batch", "Per-device batch:", "Examples per GPU per step", 32)
        self.add_number("devices", "GPUs per instance:", "Devices per instance", 8)
        self.add_number("instances", "Instances:", "Training instances", 4)
        self.add_number("new_batch", "...or new global batch:", "Overrides the three fields "
                        "above", None, placeholder="optional")
        self.add_choice("rule", "Scaling rule:", "How the rate follows the batch",
                        [("linear", "Linear (Goyal et al.)"), ("sqrt", "Square root"),
                         ("none", "None")])
        self.add_choice("optimizer", "Optimizer:", "SGD/momentum or Adam",
                        [("sgd", "SGD / momentum"), ("adam", "Adam")])
        self.add_number("warmup_epochs", "Warmup epochs:", "Empty = 5 when the rate grows",
                        None, placeholder="default")
        self.add_number("epochs", "Epochs to plot:", "Length of the schedule plot", 10)
        self.add_choice("algorithm", "Algorithm:", "Warn where more GPUs do not help",
                        _algorithm_options(True))
        self.add_number("sequence_length", "Tokens per example:", "For language models",
                        None, placeholder="optional")
        self._curve = pg.PlotDataItem(pen=pg.mkPen(theme.color("series_1"), width=2))

    def compute(self, v: dict) -> str:
        use_new = v["new_batch"] is not None
        r = scale(base_lr=v["base_lr"], base_batch=v["base_batch"],
                  new_batch=v["new_batch"] if use_new else None,
                  per_device_batch=None if use_new else v["per_device_batch"],
                  devices=None if use_new else v["devices"],
                  instances=1 if use_new or v["instances"] is None else v["instances"],
                  rule=v["rule"], optimizer=v["optimizer"], warmup_epochs=v["warmup_epochs"],
                  algorithm=v["algorithm"] or None, sequence_length=v["sequence_length"])
        epochs = v["epochs"] or 10
        pts = warmup_schedule(r, v["base_lr"], epochs)
        p = self.plot
        p.clear()
        p.addItem(self._curve)
        self._curve.setData([e for e, _ in pts], [lr for _, lr in pts])
        if r.warmup_epochs:
            p.addItem(pg.InfiniteLine(pos=r.warmup_epochs, angle=90,
                                      pen=pg.mkPen(theme.color("grid"),
                                                   style=Qt.PenStyle.DashLine),
                                      label="end of warmup", labelOpts={"position": 0.2, "color": theme.muted_colour()}))
        style_axes(p, "Epoch", "Learning rate", "Learning rate over the first epochs")
        return report.scaling_markdown(r, v["base_lr"])


# ---------------------------------------------------------------- instances


class InstancesPage(CalculatorPage):
    """Instance types for an algorithm (and its own mode), with editable prices."""

    title = "Instance choice"
    tab_title = "Instances"   # short enough for seven tabs at 1024 px
    intro = ("Instance types that fit an algorithm's constraints and your data, checked "
             "against the SageMaker API's valid types for the phase. Prices are editable.")

    COLUMNS = 7   # Type, vCPU, GiB, GPUs, $/hour, Count, Cost; "Why" spans a row below

    def build(self) -> None:
        self.prices: dict[str, float] = {}
        self.add_choice("algorithm", "Algorithm:", "The algorithm to run",
                        _algorithm_options(False))
        select_data(self.fields["algorithm"], "xgboost")
        self.add_choice("algorithm_mode", "Algorithm mode:", "The algorithm's own mode "
                        "when the advice depends on it (BlazingText mode, XGBoost GPU use)",
                        [("", "Not decided")])
        self.add_choice("phase", "Phase:", "Training, real-time hosting or batch transform",
                        [("training", "Training"), ("inference", "Inference (endpoint)"),
                         ("transform", "Batch transform")])
        self.add_number("dataset_gb", "Dataset size (GB):", "Training data size", 20)
        self.add_choice("gpu", "GPUs:", "Allow, require or forbid GPU instances",
                        [("allow", "Allowed"), ("require", "Required"), ("forbid", "Not allowed")])
        self.add_choice("mode", "Input mode:", "File copies data first; Pipe and FastFile "
                        "stream it from S3",
                        [("", "Not decided (File)"), ("File", "File"), ("Pipe", "Pipe"),
                         ("FastFile", "FastFile")])
        self.add_number("hours", "Job length (hours):", "For the cost estimate", 2)
        self.add_number("max_price", "Budget per instance ($/h):", "Leave empty for no limit",
                        None, placeholder="optional")
        self.add_choice("priority", "Serving priority:", "For inference and batch transform",
                        [("balanced", "Balanced"), ("latency", "Low latency"),
                         ("throughput", "High throughput")])
        self.follow_note = QLabel(objectName="follow_note")
        self.follow_note.setWordWrap(True)
        self.follow_note.setStyleSheet(f"color: {theme.color('muted')};")
        self.extra.addWidget(self.follow_note)
        self.table = QTableWidget(0, self.COLUMNS, objectName="instances_table")
        self.table.setHorizontalHeaderLabels(["Type", "vCPU", "GiB", "GPUs", "$/hour", "Count",
                                              "Cost $"])
        for col, tip in enumerate(("Instance type (why it is suggested: the line below)",
                                   "Virtual CPUs", "Memory (GiB)",
                                   "NVIDIA GPUs", "Price per instance-hour (editable)",
                                   "Instances needed", "Estimated job cost in US$")):
            self.table.horizontalHeaderItem(col).setToolTip(tip)
        # Row heights again once the columns have their widths. A timer the table owns, not
        # QTimer.singleShot(0, self.table, ...): PySide6 keeps a singleShot's callable (here
        # the whole page) alive for good when its context dies before it fires.
        self._size_rows_soon = QTimer(self.table, singleShot=True, interval=0)
        self._size_rows_soon.timeout.connect(self._size_rows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # fill the width
        header.sectionResized.connect(lambda *_: self._size_rows())
        self.form_scroll.setMaximumWidth(360)
        # "Why" is a full-width line under each instance: wrapped, never cut off
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setToolTip("Double-click a price to enter your own")
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.result.setMinimumHeight(120)
        self.right.addWidget(self.table)
        self.right.setSizes([260, 340])
        self._filling = False
        self.fields["algorithm"].currentIndexChanged.connect(self._fill_modes)
        self._fill_modes()

    def _fill_modes(self, *_args) -> None:
        """The mode choices of the chosen algorithm (kept when still valid)."""
        box = self.fields["algorithm_mode"]
        algo = load_catalog().algorithms.get(self.fields["algorithm"].currentData())
        modes = algo.instances.modes if algo else ()
        keep = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem("Not decided" if modes else "(no modes)", "")
        for m in modes:
            box.addItem(m.mode if m.setting == f"mode={m.mode}" else f"{m.mode} ({m.setting})",
                        m.mode)
            box.setItemData(box.count() - 1, f"{m.setting}: {m.training}",
                            Qt.ItemDataRole.ToolTipRole)
        box.setEnabled(bool(modes))
        select_data(box, keep if keep in [m.mode for m in modes] else "")
        box.blockSignals(False)

    def set_algorithm(self, ident: str) -> None:
        """Pre-fill from a recommendation the user asked to size (an explicit choice)."""
        select_data(self.fields["algorithm"], ident)
        self.user_set.discard("algorithm")
        self.from_elsewhere["algorithm"] = "chosen with Size it"

    def clear_outputs(self) -> None:
        """No stale rows next to an error."""
        super().clear_outputs()
        self.table.setRowCount(0)

    def compute(self, v: dict) -> str:
        r = recommend_instances(algorithm=v["algorithm"], phase=v["phase"],
                                dataset_gb=v["dataset_gb"], gpu=v["gpu"],
                                mode=v["mode"] or None, hours=v["hours"],
                                max_price=v["max_price"], price_overrides=self.prices,
                                priority=v["priority"],
                                algorithm_mode=v["algorithm_mode"] or None)
        self._fill(r)
        self._shown = report.instances_markdown(r, table=False)
        return report.instances_markdown(r)   # copied and recorded with the table

    def show_markdown(self, md: str) -> None:
        """On screen the table is the widget below; the text is the summary."""
        self.result.setMarkdown(getattr(self, "_shown", md))

    def instance_rows(self) -> list[int]:
        """Table rows that hold an instance (each is followed by its "why" line)."""
        return list(range(0, self.table.rowCount(), 2))

    def _fill(self, r) -> None:
        self._filling = True
        self.table.clearSpans()
        self.table.clearContents()
        self.table.setRowCount(2 * len(r.instances))
        # no job length, no costs: hide the column rather than show it empty
        self.table.setColumnHidden(6, not any(o.estimated_cost_usd is not None
                                              for o in r.instances))
        muted = theme.qcolor("muted")
        for i, o in enumerate(r.instances):
            row = 2 * i
            price = "unknown" if o.price_usd_per_hour is None else f"{o.price_usd_per_hour:.3f}"
            cost = "" if o.estimated_cost_usd is None else f"{o.estimated_cost_usd:,.2f}"
            cells = [o.type, str(o.vcpu), f"{o.memory_gib:g}", str(o.gpus), price,
                     str(o.count), cost]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col != 4:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                else:
                    item.setToolTip(report.price_text(o.price_usd_per_hour, o.price_source)
                                    + (f". Source: {o.price_source}"
                                       if o.price_usd_per_hour is not None else "")
                                    + ". Double-click to enter your own price.")
                    if o.price_usd_per_hour is None:
                        item.setForeground(muted)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        for i, o in enumerate(r.instances):
            why = QTableWidgetItem("Why: " + "; ".join(o.reasons))
            why.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            why.setForeground(muted)
            why.setToolTip(why.text())
            self.table.setItem(2 * i + 1, 0, why)
            self.table.setSpan(2 * i + 1, 0, 1, self.COLUMNS)
        self._size_rows()
        self._size_rows_soon.start()   # again once the columns have their widths
        self._filling = False

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        """Wrapped "Why" cells need new row heights when the width changes."""
        super().resizeEvent(event)
        self._size_rows()

    def _size_rows(self) -> None:
        """Row heights: one line for an instance, the wrapped text for its "why" line
        (Qt sizes a spanned cell by its first column only, so measure it here)."""
        scrollbar = self.table.verticalScrollBar().sizeHint().width()
        width = max(min(sum(self.table.columnWidth(c) for c in range(self.COLUMNS)),
                        self.table.viewport().width()) - scrollbar - 12, 120)
        metrics = self.table.fontMetrics()
        line = metrics.height() + 6
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if row % 2 and item is not None:
                box = metrics.boundingRect(0, 0, width, 10_000, Qt.TextFlag.TextWordWrap,
                                           item.text())
                self.table.setRowHeight(row, box.height() + 6)
            else:
                self.table.setRowHeight(row, line)

    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 4:
            return
        itype = self.table.item(item.row(), 0).text()
        text = item.text().strip().lstrip("$")
        if not text or text.lower() == "unknown":
            self.prices.pop(itype, None)
        else:
            try:
                value = parse_number(text, "price")
                if value <= 0:
                    raise InputError("price", "must be positive")
            except InputError:
                self.status.setText(theme.span(
                    f"Price for {itype} must be a positive number (got '{item.text()}'); "
                    "kept the previous price"))
                previous = self.prices.get(itype, self._catalog_price(itype))
                self._filling = True
                item.setText("unknown" if previous is None else f"{previous:.3f}")
                self._filling = False
                return
            self.prices[itype] = value
        self.schedule()

    def _catalog_price(self, itype: str) -> float | None:
        from sagewise.knowledge.sizing.instances import load_instance_specs

        spec = load_instance_specs().get(itype)
        return None if spec is None else spec.price_usd_per_hour

    def save_state(self) -> dict:
        state = super().save_state()
        state["prices"] = dict(self.prices)
        return state

    def restore_state(self, state: dict) -> None:
        prices = (state or {}).get("prices") or {}
        self.prices = {k: float(v) for k, v in prices.items()
                       if isinstance(v, (int, float)) and v > 0}
        super().restore_state({k: v for k, v in (state or {}).items() if k != "prices"})


# ---------------------------------------------------------------- endpoint


class EndpointPage(CalculatorPage):
    """Endpoint auto scaling target and instances at peak."""

    title = "Endpoint autoscaling"
    tab_title = "Endpoint"   # short enough for seven tabs at 1024 px
    intro = ("Target value for SageMakerVariantInvocationsPerInstance from a single-instance "
             "load test: MAX_RPS x safety factor x 60.")
    has_plot = True

    def build(self) -> None:
        self.add_number("max_rps", "Max requests/s per instance:", "From a load test: where "
                        "latency rises or errors start", 100)
        self.add_number("safety_factor", "Safety factor:", "Start with 0.5", 0.5)
        self.add_number("peak_rps", "Peak requests/s (all traffic):", "Expected peak", 800)
        self.add_check("per_minute", "Load test counted per minute (no x60)",
                       "Then the x60 is left out")
        self._steps = pg.PlotDataItem(pen=pg.mkPen(theme.color("series_1"), width=2),
                                      stepMode="left")

    def compute(self, v: dict) -> str:
        r = autoscaling(max_rps=v["max_rps"], safety_factor=v["safety_factor"],
                        peak_rps=v["peak_rps"], per_minute=v["per_minute"])
        peak = v["peak_rps"] or v["max_rps"]
        xs = np.linspace(0, peak * 2, 81)
        ys = [autoscaling(max_rps=v["max_rps"], safety_factor=v["safety_factor"],
                          peak_rps=float(x)).instances for x in xs]
        p = self.plot
        p.clear()
        p.addItem(self._steps)
        self._steps.setData(xs, ys)
        if v["peak_rps"]:
            p.addItem(pg.InfiniteLine(pos=v["peak_rps"], angle=90,
                                      pen=pg.mkPen(theme.color("marker"),
                                                   style=Qt.PenStyle.DashLine),
                                      label="your peak", labelOpts={"position": 0.85, "color": theme.muted_colour()}))
        style_axes(p, "Peak traffic (requests/s)", "Instances",
                   "Instances needed as peak traffic grows (never below 2)")
        return report.endpoint_markdown(r)


# ---------------------------------------------------------------- hyperparameters


class HyperparamsPage(CalculatorPage):
    """IP Insights, RCF and XGBoost formulas."""

    title = "Hyperparameter formulas"
    tab_title = "Hyperparameters"   # short enough for seven tabs at 1024 px
    intro = ("Small formulas from the algorithm documentation. Leave a group empty to "
             "skip it. For k-means, pick k with the elbow on the k-means k tab.")
    has_plot = True

    def build(self) -> None:
        self.add_number("unique_entities", "IP Insights: unique entities:",
                        "Distinct user names or account ids", 50_000)
        self.add_number("anomaly_pct", "RCF: expected anomalies (%):",
                        "Share of data points you expect to be anomalous", 0.4,
                        engine="anomaly_ratio")
        self.add_number("negatives", "XGBoost: negative examples:", "Count of label 0", 99_000)
        self.add_number("positives", "XGBoost: positive examples:", "Count of label 1", 1_000)
        self._curve = pg.PlotDataItem(pen=pg.mkPen(theme.color("series_3"), width=2))
        self._dot = pg.ScatterPlotItem(size=10, brush=pg.mkBrush(theme.color("marker")))

    def compute(self, v: dict) -> str:
        ip = rcf = xgb = None
        if v["unique_entities"] is not None:
            ip = ip_insights_entity_vectors(v["unique_entities"])
        p = self.plot
        self.clear_outputs()  # no RCF ratio: no curve, title or axes left from before
        if v["anomaly_pct"] is not None:
            rcf = rcf_samples_per_tree(v["anomaly_pct"] / 100)
            xs = np.geomspace(0.01, 100, 120)
            ys = [rcf_samples_per_tree(x / 100)["num_samples_per_tree"] for x in xs]
            p.addItem(self._curve)
            self._curve.setData(np.log10(xs), ys)
            p.addItem(self._dot)
            self._dot.setData([math.log10(v["anomaly_pct"])], [rcf["num_samples_per_tree"]])
            p.getAxis("bottom").setTicks([[(k, f"{10 ** k:g}%") for k in range(-2, 3)]])
            style_axes(p, "Expected anomalies (% of points, log scale)",
                       "num_samples_per_tree", "RCF: 1 / anomaly ratio, clamped to 1-2048")
        if v["negatives"] is not None or v["positives"] is not None:
            xgb = xgboost_scale_pos_weight(v["negatives"], v["positives"])
        return report.hyperparams_markdown(ip=ip, rcf=rcf, xgb=xgb)


# ---------------------------------------------------------------- k-means elbow


class ElbowPage(CalculatorPage):
    """Suggest k for k-means from the elbow of WCSS against k (runs in the background)."""

    title = "k-means: choose k"
    tab_title = "k-means k"   # short enough for seven tabs at 1024 px
    intro = ("Within-cluster sum of squares for k = 1..K on generated blobs or your CSV of "
             "numbers; the suggested k is the elbow of log(WCSS). The k-means demo shows the "
             "clustering itself.")
    has_plot = True

    def build(self) -> None:
        self.data_path = ""
        self.add_number("points", "Generated points:", "Points in the generated blobs", 5000)
        self.add_number("clusters", "Generated blobs:", "How many blobs to generate", 4)
        from sagewise.knowledge.sim.kmeans import ELBOW_K_MAX

        self.add_number("k_max", "Largest k to try:", "Try k = 1 up to this", ELBOW_K_MAX)
        self.add_number("seed", "Random seed:", "Same seed, same data and result", 0)
        self.load_button = QPushButton("Use a &CSV file...", objectName="elbow_csv_button")
        self.load_button.setToolTip("Cluster the numeric columns of a CSV instead")
        self.clear_button = QPushButton("Use generated data", objectName="elbow_generated_button")
        self.clear_button.setToolTip("Go back to generated blobs instead of the CSV")
        self.data_label = QLabel("Data: generated blobs", objectName="elbow_data_label")
        self.data_label.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.load_button)
        row.addWidget(self.clear_button)
        self.extra.addLayout(row)
        self.extra.addWidget(self.data_label)
        self.load_button.clicked.connect(self._on_load_button_clicked)
        self.clear_button.clicked.connect(lambda: self.use_file(""))
        self.job: Job | None = None
        self.elbow: int | None = None
        self._pending = False  # inputs changed while the tab was hidden

    def use_file(self, path: str) -> None:
        """Cluster a CSV's numeric columns ("" = back to generated data)."""
        self.data_path = path
        self.data_label.setText(rich_text(f"Data: {path}") if path else "Data: generated blobs")
        for name in ("points", "clusters"):
            self.fields[name].setEnabled(not path)
        self.schedule()

    def _on_load_button_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "CSV of numbers", "", "CSV (*.csv *.txt)")
        if path:
            self.use_file(path)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        """Compute when the tab is first shown (not at start-up)."""
        super().showEvent(event)
        if self._pending:
            self.recompute()

    def compute(self, v: dict) -> str:
        from sagewise.knowledge.sim import kmeans as km
        from sagewise.knowledge.sim.points import load_points
        from sagewise.knowledge.sizing.inputs import number

        if not self.isVisible():
            self._pending = True
            return "*The elbow is computed when this tab is open.*"
        self._pending = False
        k_max = int(number("k_max", v["k_max"], minimum=2, maximum=30, integer=True))
        seed = int(number("seed", v["seed"], minimum=0, maximum=2**31, integer=True))
        if self.data_path:
            path = self.data_path

            def load():
                return load_points(path)
        else:
            n = int(number("points", v["points"], minimum=10, maximum=1_000_000, integer=True))
            c = int(number("clusters", v["clusters"], minimum=1, maximum=30, integer=True))

            def load():
                return km.make_blobs(n, c, seed=seed)[0]

        def work(progress, cancelled):
            X = load()
            return km.elbow(X, 1, min(k_max, len(X)), seed=seed, progress=progress,
                            cancelled=cancelled)

        if self.job is not None and self.job.running:
            self.job.wait()
        self.job = Job(work, Cancelled, (KnowledgeError,))
        self.job.sig_finished.connect(self._on_job_finished)
        self.job.sig_failed.connect(self._on_job_failed)
        self.job.start()
        return "*Computing the elbow...*"

    def _on_job_failed(self, message: str) -> None:
        self._show_error("", message)

    def _on_job_finished(self, found) -> None:
        self.elbow = draw_elbow(self.plot, found.wcss, "Within-cluster sum of squares (WCSS)")
        md = report.elbow_markdown(found)
        self.last_markdown = md
        self.result.setMarkdown(md)
        self.sig_result_changed.emit(md)

    def shutdown(self) -> None:
        """Stop background work."""
        if self.job is not None and self.job.running:
            self.job.wait()


PAGES = (KinesisPage, SpicePage, ScalingPage, InstancesPage, EndpointPage, HyperparamsPage,
         ElbowPage)
