"""Entry point: `python app.py` serves Storyboard with waitress."""
import os

from storyboard import create_app

app = create_app()

if __name__ == "__main__":
    from waitress import serve

    port = int(os.environ.get("PORT", 5000))
    print(f"Storyboard is running on http://127.0.0.1:{port}/")
    serve(app, host="127.0.0.1", port=port, threads=8)
