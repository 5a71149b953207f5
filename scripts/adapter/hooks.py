"""MkDocs hooks: hand the pipeline's output to MkDocs. The work is in scripts.pipeline; a
build's course in scripts.adapter.session, its search in scripts.adapter.search.
``scripts`` is imported from the project root: run ``python -m mkdocs`` there (as make does)."""

from pathlib import Path

from mkdocs.plugins import event_priority

from scripts.adapter import notebook_pages, pagemeta, reporting, theme, watching
from scripts.adapter.rendercache import RenderCache
from scripts.adapter.search import SiteSearch
from scripts.adapter.session import Session
from scripts.adapter.templates import ReusedTemplates
from scripts.pipeline import katex, katexfonts, pagehtml, privacy
from scripts.pipeline.cache import Cache
from scripts.pipeline.files import CACHE_DIR
from scripts.pipeline.reload import Reloader

SESSION = Session(Reloader())  # made after the imports above: the modules they loaded are kept
SEARCH = SiteSearch()
RENDERS = RenderCache(Cache(CACHE_DIR))
FINISHED = pagehtml.FinishedPages(Cache(CACHE_DIR))
TEMPLATES = ReusedTemplates()


def on_startup(command, dirty):
    SESSION.start(command)
    SEARCH.serving = SESSION.serving
    reporting.forward_pipeline_logs()


def on_serve(server, config, builder):
    watching.use_file_events(server)  # an edit starts a rebuild at once, not at the next poll
    return server


def on_config(config):
    SESSION.begin(config)
    FINISHED.begin()
    SEARCH.begin()
    config.extra_css.append(katex.CSS_URI)
    return config


def on_files(files, config):
    return SESSION.swap_files(files, config)


def on_env(env, config, files):
    """Every page is rendered (the figures may still be being drawn): KaTeX's fonts are
    cut to the pages' formulas, and a page preloads those it draws with; a page links only
    the stylesheets that can style it; a page's template output is reused while all it
    shows is unchanged (during `serve`)."""
    env.bytecode_cache = pagehtml.template_cache()
    env.loader = theme.SearchInHeader(env)
    TEMPLATES.begin(env, config, RENDERS.inputs)
    contents = {file.src_uri: file.page.content or ""
                for file in files.documentation_pages() if file.page}  # fmt: skip
    cut = katexfonts.apply(contents, SESSION.assets, Cache(CACHE_DIR))
    config.extra_css[config.extra_css.index(katex.CSS_URI)] = cut.stylesheet
    FINISHED.preload(cut.fonts)
    FINISHED.link_only_where_used(Path(config.site_dir), config.extra_css)
    return env


def on_nav(nav, config, files):
    RENDERS.begin(files, config)


def on_pre_page(page, config, files):
    """A notebook's page waits for its notebook and renders it with the converter; every
    other page's render is kept."""
    if SESSION.is_notebook(page):
        SESSION.wait_for_notebook(page)
        notebook_pages.set_render(page, Cache(CACHE_DIR), SESSION.conversions)
    else:
        RENDERS.wrap(page)
    return page


def on_page_markdown(markdown, page, config, files):
    """A notebook page's tags and description; every page's front matter and tags checked."""
    source = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    if SESSION.is_notebook(page):
        page.meta = {**page.meta, **SESSION.notebook_meta(page)}
    else:
        pagemeta.check_front_matter(markdown, page.meta, source)
    tags = config.plugins.get("material/tags")
    allowed = {tag.name for tag in tags.config.tags_allowed} if tags else set()
    pagemeta.check_tags(page.meta, allowed, source)
    return markdown


def on_page_content(html, page, config, files):
    if SESSION.is_notebook(page):
        render, site, cache = katex.RENDERER.render, config.site_dir, Cache(CACHE_DIR)
        html = notebook_pages.page_html(html, page, files, render, site, cache, RENDERS.inputs)
    return SEARCH.add_names(html, page)


@event_priority(-100)  # after every other change to the page
def on_post_page(output, page, config):
    if SESSION.is_notebook(page):
        notebook_pages.copy_source(page)
    return FINISHED(SEARCH.mark(output, page), page.file.src_uri)


def on_post_template(output, template_name, config):  # the 404 page; sitemaps stay as they are
    return FINISHED(output) if template_name.endswith(".html") else output


@event_priority(-100)  # after every plugin has written its files
def on_post_build(config):
    SEARCH.index(config)
    SESSION.copy_drawn()
    SESSION.finish_notebooks()
    privacy.check_site(Path(config.site_dir), Cache(CACHE_DIR))  # nothing from elsewhere
    RENDERS.end()
    TEMPLATES.end()
    FINISHED.end()
    SESSION.publish(rejected=config.strict and reporting.warnings_logged())


def on_build_error(error):
    SESSION.abandon()


reporting.report_build_errors(globals())
