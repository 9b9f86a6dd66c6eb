"""order_actions REST endpoints (views and their serializers)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
