from django import forms

from .models import ReviewRequest


class ReviewRequestForm(forms.ModelForm):
    """The optional note an editor leaves for the publisher."""

    class Meta:
        model = ReviewRequest
        fields = ["note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 4, "cols": 60})}
