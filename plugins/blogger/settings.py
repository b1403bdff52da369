"""The BLOGGER setting: one dict, with defaults and a line of documentation per key."""

from __future__ import annotations

from common.settings import plugin_settings

from .archive import DEFAULT_VIDEO_HOSTS

DEFAULTS = {
    "domains": ((), "host names the old blog also answered on (custom domains); links to "
                    "them inside imported posts are rewritten to the new addresses"),
    "categories_file": ("data/blogger_kategori.yaml", "label -> category mapping staff edit, "
                        "relative to PATH"),
    "images_folder": ("images/blogger", "where imported images are saved, relative to PATH"),
    "video_hosts": (DEFAULT_VIDEO_HOSTS, "iframe hosts whose embeds become a link to the video; "
                    "other iframes are dropped"),
    "timeout": (10.0, "seconds to wait for the image server (connecting, each answer)"),
    "deadline": (60.0, "seconds one image download may take in all, redirects included"),
    "max_redirects": (5, "redirects followed for one image (each new address checked)"),
    "max_image_mb": (20, "images larger than this are not downloaded"),
    "redirects": (True, "write redirect pages at the old Blogger addresses"),
}


def blogger_settings(settings: dict) -> dict:
    return plugin_settings(settings, "BLOGGER", DEFAULTS)
