"""Finding (or creating) the project by title and checking its labelling config against ours."""
from __future__ import annotations

from annotations.studio.config import config_differences, config_shape, read_label_config
from annotations.studio.connection import StudioError, talking_to

DESCRIPTION = "reportie: review predictions on budget-performance reports (annotations/GUIDELINES.md)"


def find_project(client, title: str, url: str, create: bool = False):
    """The one project titled `title`, checked against our config; created when missing and `create`."""
    with talking_to(url):
        matches = [project for project in client.projects.list(title=title) if project.title == title]
        if not matches and create:
            return client.projects.create(title=title, label_config=read_label_config(), description=DESCRIPTION)
        if not matches:
            raise StudioError(f"no project titled {title!r} at {url}: push documents to it first "
                              f"(`reportie studio push FILE --project {title!r}`) or check the title")
        if len(matches) > 1:
            raise StudioError(f"{len(matches)} projects are titled {title!r} at {url}: rename all but one")
        project = client.projects.get(id=matches[0].id)
    check_config(project.label_config or "", title)
    return project


def check_config(label_config: str, title: str) -> None:
    ours = config_shape(read_label_config())
    try:
        differences = config_differences(ours, config_shape(label_config))
    except ValueError as error:
        differences = [str(error)]
    if differences:
        raise StudioError(f"project {title!r} does not use our labelling config ({'; '.join(differences)}): use a "
                          "new --project title, or paste annotations/label_config.xml into the project's "
                          "Settings → Labeling Interface")
