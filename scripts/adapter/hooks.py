"""MkDocs hooks: hand the pipeline's output to MkDocs; the work is in scripts.pipeline.
``scripts`` is imported from the project root: run ``python -m mkdocs`` there (as make does)."""

import importlib
import os
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from scripts.adapter import notebook_pages, pagemeta, reporting, theme
from scripts.adapter.rendercache import RenderCache
from scripts.pipeline import katex, katexfonts, pagehtml, privacy
from scripts.pipeline.cache import Cache
from scripts.pipeline.files import CACHE_DIR
from scripts.pipeline.publish import BuildLock, Publication, source_date_epoch
from scripts.pipeline.reload import Reloader
from scripts.pipeline.urls import FUNCTIONS

RELOADER = Reloader()  # made after the imports above: the modules they loaded are kept
RENDERS = RenderCache(Cache(CACHE_DIR))
FINISHED = pagehtml.FinishedPages(Cache(CACHE_DIR))
_state: dict = {"serving": False, "publishing": False}


def on_startup(command, dirty):
    _state.update(serving=command == "serve", publishing=command == "build")
    reporting.forward_pipeline_logs()


def on_config(config):
    """One build at a time in a project (a second waits); dated by the last commit; the
    notebooks start executing (before the package is imported), then fresh code."""
    project = Path(config.config_file_path).parent
    out_dir = project / "build" / "generated"
    _state["lock"] = BuildLock(out_dir.parent / ".lock")
    _state["lock"].acquire()
    os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(project)
    RELOADER.forget_changed_code()
    FINISHED.begin()
    notebooks = importlib.import_module("scripts.pipeline.notebooks")
    batch = notebooks.start(Path(config.docs_dir), out_dir, CACHE_DIR, _state["serving"])
    pipeline = importlib.import_module("scripts.pipeline.build")
    if _state["serving"]:  # the stages an edit remakes, imported once rather than at the edit
        for stage in ("scripts.pipeline.pages", "scripts.pipeline.assets"):
            importlib.import_module(stage)
    _state.update(notebooks=notebooks, pipeline=pipeline, batch=batch, out_dir=out_dir, pages={})
    config.nav = importlib.import_module("scripts.pipeline.nav").site_nav(
        config.nav, Cache(CACHE_DIR)
    )
    config.extra_css.append(katex.CSS_URI)
    if _state["publishing"]:
        _state["publication"] = Publication(config.site_dir)
        config.site_dir = str(_state["publication"].partial)
    return config


def on_files(files, config):
    """Swap in what the pipeline generated; notebook pages last (read last: the notebooks
    have the most time to finish)."""
    manifest = _state["pipeline"].build(Path(config.docs_dir), out_dir=_state["out_dir"],
                                            serving=_state["serving"], wait=False,
                                            batch=_state.pop("batch"))  # fmt: skip
    _state["manifest"] = manifest
    replaced = [*manifest.pages, *(nb.source_uri for nb in manifest.notebooks.experiments)]
    # A function's prose is read into its generated page, never published on its own
    prose = [f.src_uri for f in files.documentation_pages()
             if f.src_uri.startswith(f"{FUNCTIONS}/")]  # fmt: skip
    for existing in filter(None, map(files.get_file_from_path, {*replaced, *prose})):
        files.remove(existing)
    for uri, path in manifest.pages.items():
        files.append(File.generated(config, uri, content=path.read_text(encoding="utf-8")))
    for uri, path in manifest.assets.items():
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    for notebook in manifest.notebooks.experiments:
        files.append(notebook_pages.NotebookFile(
            notebook.uri, src_dir=str(notebook.src_dir), dest_dir=config.site_dir,
            use_directory_urls=config.use_directory_urls))  # fmt: skip
        _state["pages"][notebook.uri] = notebook
    return files


def on_env(env, config, files):
    """Every page is rendered: KaTeX's fonts are cut to the pages' characters."""
    env.bytecode_cache = pagehtml.template_cache()
    env.loader = theme.SearchInHeader(env)
    contents = [file.page.content or "" for file in files.documentation_pages() if file.page]
    stylesheet = katexfonts.apply(contents, _state["manifest"].assets, Cache(CACHE_DIR))
    config.extra_css[config.extra_css.index(katex.CSS_URI)] = stylesheet
    return env


def on_nav(nav, config, files):
    RENDERS.begin(files, config)


def on_pre_page(page, config, files):
    """A notebook's page waits for its notebook and renders it with the converter; every
    other page's render is kept."""
    if page.file.src_uri in _state["pages"]:
        _state["manifest"].notebooks.wait(page.file.src_uri)
        notebook_pages.set_render(page, Cache(CACHE_DIR))
    else:
        RENDERS.wrap(page)
    return page


def on_page_markdown(markdown, page, config, files):
    """A notebook page's tags and description; every page's front matter and tags checked."""
    source = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    if (notebook := _state["pages"].get(page.file.src_uri)) is not None:
        page.meta = {**page.meta, **_state["notebooks"].page_meta(notebook.path)}
    else:
        pagemeta.check_front_matter(markdown, page.meta, source)
    tags = config.plugins.get("material/tags")
    allowed = {tag.name for tag in tags.config.tags_allowed} if tags else set()
    pagemeta.check_tags(page.meta, allowed, source)
    return markdown


def on_page_content(html, page, config, files):
    if page.file.src_uri not in _state["pages"]:
        return html
    return notebook_pages.page_html(html, page, files, katex.RENDERER.render, config.site_dir,
                                    Cache(CACHE_DIR), RENDERS.inputs)  # fmt: skip


@event_priority(-100)  # after every other change to the page
def on_post_page(output, page, config):
    if page.file.src_uri in _state["pages"]:
        notebook_pages.copy_source(page)
    return FINISHED(output)


def on_post_template(output, template_name, config):  # the 404 page; sitemaps stay as they are
    return FINISHED(output) if template_name.endswith(".html") else output


@event_priority(-100)  # after every plugin has written its files
def on_post_build(config):
    if "manifest" in _state:  # every notebook was waited for by its page: this logs them
        _state["pipeline"].finish_notebooks(_state.pop("manifest"))
    privacy.check_site(Path(config.site_dir), Cache(CACHE_DIR))  # nothing from elsewhere
    RENDERS.end()
    FINISHED.end()
    if "publication" in _state:
        _state.pop("publication").finish(config.strict and reporting.warnings_logged())
    _state.pop("lock").release()


def on_build_error(error):
    """Stop the notebooks of a failed build, or during `serve` let them finish (a rebuild
    would start them again alongside); drop the half-written site."""
    manifest = _state.pop("manifest", None)
    batch = _state.pop("batch", None) or (manifest and manifest.notebooks)
    if batch and _state["serving"]:
        batch.settle()
    elif batch:
        batch.cancel()
    if "publication" in _state:
        _state.pop("publication").abandon()
    if "lock" in _state:
        _state.pop("lock").release()


reporting.report_build_errors(globals())
