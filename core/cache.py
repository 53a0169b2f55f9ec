"""The cache every worker and host shares: Django's database cache, with counters that hold across processes."""

import base64
import pickle

from django.core.cache.backends import db
from django.db import connections, models, router, transaction
from django.utils import timezone


class DatabaseCache(db.DatabaseCache):
    """Django's database cache, whose `incr` is atomic and keeps the entry's expiry.

    Django's own `incr` reads the value and then writes it back: two workers counting the same request at once both
    write the same number, so a rate limit lets more through than it says, and the write also resets the expiry to
    the default timeout. Here the row is locked while it is counted (SELECT … FOR UPDATE on PostgreSQL; SQLite
    serialises writers anyway).
    """

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        database = router.db_for_write(self.cache_model_class)
        connection = connections[database]
        quote = connection.ops.quote_name
        table, lock = quote(self._table), " FOR UPDATE" if connection.features.has_select_for_update else ""
        expression = models.Expression(output_field=models.DateTimeField())
        converters = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
        with transaction.atomic(using=database), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('value')}, {quote('expires')} FROM {table} WHERE {quote('cache_key')} = %s{lock}", [key]
            )
            row = cursor.fetchone()
            if row is not None:
                expires = row[1]
                for converter in converters:
                    expires = converter(expires, expression, connection)
            if row is None or expires < timezone.now():
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(base64.b64decode(connection.ops.process_clob(row[0]).encode())) + delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET {quote('value')} = %s WHERE {quote('cache_key')} = %s", [encoded, key])
        return value
