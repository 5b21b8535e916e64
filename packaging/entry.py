"""The bundled program: the console, or (``-m celery ...``) Celery itself, so the demo worker starts from the bundle."""

import sys

if __name__ == "__main__":
    if sys.argv[1:3] == ["-m", "celery"]:
        from celery.__main__ import main as celery_main

        sys.argv = ["celery", *sys.argv[3:]]
        sys.exit(celery_main())
    from desktop.main import main

    sys.exit(main())
